-- Shared by the wrk scripts: one JSON line with what bench/hot-paths.sh reports.
local report = {}

function report.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"perSecond":%.1f,"p50ms":%.3f,"p99ms":%.3f,"maxMs":%.3f,"non2xx3xx":%d,"socketErrors":%d,"timeouts":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, errors, summary.errors.timeout))
end

return report
