-- Readers polling at a fixed total rate (the polling of a conference room), not as fast as they are answered.
-- Each wrk thread keeps one schedule for its connections: every request takes the next free slot, RATE/THREADS
-- slots a second, and a late answer is followed at once by the next request, so the schedule does not slip.
-- Latency is measured from the request sent to its answer.
--   WRK_LIB=bench/wrk RATE=2000 THREADS=2 wrk -t2 -c40 -s bench/wrk/read-fixed-rate.lua -H 'X-Api-Key: …' URL
package.path = os.getenv("WRK_LIB") .. "/?.lua;" .. package.path
done = require("report").done

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } oewg_timespec;
  int clock_gettime(int clock, oewg_timespec *t);
]]
local ts = ffi.new("oewg_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval = 1000 / (tonumber(os.getenv("RATE") or "2000") / tonumber(os.getenv("THREADS") or "1"))
local next_at = nil

function delay()
  local t = now_ms()
  if next_at == nil or next_at < t then next_at = t end
  local slot = next_at
  next_at = next_at + interval
  return slot - t
end
