-- wrk script for benchmarks/load.sh: GET <WRK_PATH><random id in 1..WRK_IDS>, counting the answers by status and
-- by the X-Served-From header (upstream | cache), and printing one machine-readable RESULT line at the end.
--   WRK_PATH  path prefix, default /users/  (the unguarded comparison uses /users-unguarded/)
--   WRK_IDS   how many distinct ids, default 1000

local prefix = os.getenv("WRK_PATH") or "/users/"
local ids = tonumber(os.getenv("WRK_IDS") or "1000")
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  from_upstream, from_cache, unlabelled, failed, server_errors = 0, 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  return wrk.format("GET", prefix .. math.random(1, ids))
end

function response(status, headers, body)
  local from = headers["X-Served-From"] or headers["x-served-from"]
  if from == "upstream" then
    from_upstream = from_upstream + 1
  elseif from == "cache" then
    from_cache = from_cache + 1
  else
    unlabelled = unlabelled + 1
  end
  if status >= 400 then
    failed = failed + 1
  end
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local up, cache, none, bad, s5xx = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    up = up + t:get("from_upstream")
    cache = cache + t:get("from_cache")
    none = none + t:get("unlabelled")
    bad = bad + t:get("failed")
    s5xx = s5xx + t:get("server_errors")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "http_errors=%d http_5xx=%d socket_errors=%d timeouts=%d upstream=%d cache=%d unlabelled=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    bad, s5xx, e.connect + e.read + e.write, e.timeout, up, cache, none))
end
