-- Rotate over the paths listed in a file (one per line; pass it after "--"), count
-- responses by status class and page-cache outcome (X-Page-Cache: hit / stale / miss)
-- per thread, and print one JSON line at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  counter = math.random(#paths)
  s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
  hits, stale, misses = 0, 0, 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
  local state = headers["X-Page-Cache"] or headers["x-page-cache"]
  if state == "hit" then hits = hits + 1
  elseif state == "stale" then stale = stale + 1
  elseif state == "miss" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5, th, ts, tm = 0, 0, 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + thread:get("s2xx")
    t3 = t3 + thread:get("s3xx")
    t4 = t4 + thread:get("s4xx")
    t5 = t5 + thread:get("s5xx")
    th = th + thread:get("hits")
    ts = ts + thread:get("stale")
    tm = tm + thread:get("misses")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, '
    .. '"timeout": %d, "s2xx": %d, "s3xx": %d, "s4xx": %d, "s5xx": %d, "cache_hits": %d, '
    .. '"cache_stale": %d, "cache_misses": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, e.connect, e.read, e.write,
    e.status, e.timeout, t2, t3, t4, t5, th, ts, tm))
end
