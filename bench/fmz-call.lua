-- wrk script: POSTs one FMZ envelope (the method and params given as arguments) and counts the
-- replies that carry an "error", which HTTP status alone cannot show (the bridge always answers 200).
-- usage: wrk ... -s fmz-call.lua -- <method> '<params json>'
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local method = args[1] or "ticker"
  local params = args[2] or '{"symbol":"BTC_USDT"}'
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"access_key":"bench-key","secret_key":"bench-secret,bench-pass","method":"' .. method ..
             '","nonce":1,"params":' .. params .. '}'
  errors = 0
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"error"', 1, true) then
    errors = errors + 1
    if errors == 1 then io.stderr:write("first error reply: " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  for _, t in ipairs(threads) do errs = errs + t:get("errors") end
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d requests=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      errs, summary.requests))
end
