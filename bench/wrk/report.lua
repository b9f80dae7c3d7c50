-- Shared by the wrk scripts: one JSON line with what bench/hot-paths.sh reports, and a common start.
--
-- wrk prepares its threads one after another in its main thread (each loads the script, and propose.lua its seed)
-- and starts each as soon as it is ready, but it counts the run's seconds only from when the last one is ready: with
-- 193 threads on a loaded machine the first ones ran several seconds early, at a lower concurrency, and their
-- requests inflated the rate. With START_AT_MS (wall-clock milliseconds since the epoch, shared by every wrk of a
-- run) each connection holds its first request until that instant, and the rate is the requests over the seconds
-- from it to the end of the run; lateStartMs reports how far after it the last thread began (0 when all were ready).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } oewg_timespec;
  int clock_gettime(int clock, oewg_timespec *t);
]]
local ts = ffi.new("oewg_timespec")
local report = {}

function report.now_ms() -- CLOCK_REALTIME, comparable with `date +%s%3N`
  ffi.C.clock_gettime(0, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

report.start_at = tonumber(os.getenv("START_AT_MS") or "")

local threads = {}

-- Called from a script's setup(thread): keeps the thread for done() and tells it the start.
function report.setup(thread)
  table.insert(threads, thread)
  thread:set("start_at", report.start_at or 0)
  thread:set("late", 0)
end

-- Milliseconds a request waits: until the common start, then none. Records how late this thread was ready.
local checked = false
function report.start_delay()
  if start_at == nil or start_at == 0 then return 0 end
  local wait = start_at - report.now_ms()
  if not checked then
    checked = true
    if wait < 0 then late = -wait end
  end
  return wait > 0 and wait or 0
end

function report.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local late = 0
  if report.start_at then
    seconds = (report.now_ms() - report.start_at) / 1000
    for _, thread in ipairs(threads) do late = math.max(late, thread:get("late") or 0) end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"perSecond":%.1f,"p50ms":%.3f,"p99ms":%.3f,"maxMs":%.3f,"non2xx3xx":%d,"socketErrors":%d,"timeouts":%d,"lateStartMs":%.0f}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, errors, summary.errors.timeout, late))
end

return report
