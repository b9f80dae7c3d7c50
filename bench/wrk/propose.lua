-- Delegations proposing amendments as fast as they are answered: one wrk thread per delegation, each with its
-- own key and connection (run with -t N -c N). Each proposal replaces one word of a paragraph of the seeded
-- document with a unique text; every text answered 201 is written to ACK_DIR/ack-<thread>.txt, so that the
-- run can be counted afterwards (every acknowledged proposal stored exactly once). RUN_TAG (letters) keeps the
-- texts of several runs on one document apart.
--   WRK_LIB=bench/wrk SEED_LUA=seed.lua ACK_DIR=acks [ONE_PARAGRAPH=1] wrk -t193 -c193 -s bench/wrk/propose.lua URL
package.path = os.getenv("WRK_LIB") .. "/?.lua;" .. package.path
local report = require("report")
done = report.done
delay = report.start_delay -- every thread starts at START_AT_MS, when given (see report.lua)

local seed = dofile(os.getenv("SEED_LUA"))
local count = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
  report.setup(thread)
end

function init(args)
  key = seed.keys[((id - 1) % #seed.keys) + 1]
  path = "/api/documents/" .. seed.document .. "/amendments"
  one_paragraph = os.getenv("ONE_PARAGRAPH") == "1"
  tag = os.getenv("RUN_TAG") or "r"
  ack = io.open(os.getenv("ACK_DIR") .. "/ack-" .. id .. ".txt", "a")
  ack:setvbuf("line")
  headers = { ["X-Api-Key"] = key, ["Content-Type"] = "application/json" }
end

function request()
  count = count + 1
  local block
  if one_paragraph then
    block = seed.blocks[1]
  else
    block = seed.blocks[((id * 7919 + count * 104729) % #seed.blocks) + 1]
  end
  local word = block.words[((id + count) % #block.words) + 1]
  local body = string.format('{"kind":"replace","blockId":"%s","baseVersion":1,"quote":"%s","text":"%sd%dn%d"}',
    block.id, word, tag, id, count)
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 201 then
    local text = body:match('"text":"(%a+d%d+n%d+)"')
    if text then ack:write(text, "\n") end
  end
end
