-- wrk script: the session cookie and an optional method come from the environment; at the end
-- one JSON line with latency percentiles (microseconds), requests, errors and duration.
local cookie = os.getenv("BENCH_COOKIE") or ""
wrk.headers["Cookie"] = cookie
wrk.headers["Accept-Language"] = "ko"
-- A deferred panel is fetched by htmx, which says so (the view then answers the bare panel).
if (os.getenv("BENCH_HX") or "") ~= "" then
  wrk.headers["HX-Request"] = "true"
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'BENCH {"p50": %d, "p95": %d, "p99": %d, "requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d}\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests,
    summary.duration, errors, summary.errors.status))
end
