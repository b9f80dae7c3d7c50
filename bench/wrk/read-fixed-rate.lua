-- Readers polling at a fixed total rate (the polling of a conference room), not as fast as they are answered.
-- Each wrk thread keeps one schedule for its connections: every request takes the next free slot, RATE/THREADS
-- slots a second, and a late answer is followed at once by the next request, so the schedule does not slip.
-- Latency is measured from the request sent to its answer.
--   WRK_LIB=bench/wrk RATE=2000 THREADS=2 wrk -t2 -c40 -s bench/wrk/read-fixed-rate.lua -H 'X-Api-Key: …' URL
package.path = os.getenv("WRK_LIB") .. "/?.lua;" .. package.path
local report = require("report")
done = report.done
setup = report.setup

local now_ms = report.now_ms

local interval = 1000 / (tonumber(os.getenv("RATE") or "2000") / tonumber(os.getenv("THREADS") or "1"))
local next_at = nil

function delay()
  local t = now_ms()
  report.start_delay() -- notes a late start; the schedule below begins at START_AT_MS, when given
  if next_at == nil then next_at = (start_at ~= nil and start_at > t) and start_at or t end
  if next_at < t then next_at = t end
  local slot = next_at
  next_at = next_at + interval
  return slot - t
end
