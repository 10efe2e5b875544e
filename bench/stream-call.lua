-- wrk script for bench/streams.sh: POSTs one FMZ envelope, as fmz-call.lua does, and reads each
-- answer's "time" (the exchange's event time, whole ms) to measure the data age at the caller: the
-- wall clock when the answer is read (clock_gettime, µs) less that time. The feed pushes on wall-clock
-- ticks every <period> ms, each stamped with its tick, so an answer whose time is the latest tick
-- carried the newest update; an answer whose time is over a minute old is REST's fixed example.
-- It also notes when each update (each distinct time) was first read by any caller and, given a file,
-- writes "<time> <first read, ms since the epoch>" per update there: streams.sh joins it with the
-- feed's send log to tell each update's delay and the bridge's part of it.
-- Given a pace, each connection waits on average that many ms after an answer before asking again
-- (drawn at random, 0 to twice the pace, so the connections do not fall into step and ask in bursts),
-- and the calls come at a steady rate the machine can carry instead of flat out.
-- usage: wrk ... -s stream-call.lua -- <method> '<params json>' [<update period ms>; 0: no ages] [<first-reads file>|-] [<pace ms>]
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local CLOCK_REALTIME = 0
local clock = ffi.new("bench_timespec")

local function wall_ms()
  ffi.C.clock_gettime(CLOCK_REALTIME, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local method = args[1] or "ticker"
  local params = args[2] or '{"symbol":"BTC_USDT"}'
  period = tonumber(args[3] or "0")
  first_reads_file = args[4] ~= "-" and args[4] or nil
  pace = tonumber(args[5] or "0")
  -- each thread its own sequence: seeded from an address, which differs between the threads' states
  math.randomseed(tonumber(string.match(tostring({}), "0x(%x+)") or "1", 16) % 2147483647)
  started = wall_ms() -- updates older than the run are not first read in it
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"access_key":"","secret_key":"","method":"' .. method .. '","nonce":1,"params":' .. params .. '}'
  errors = 0
  ages = {}      -- tenths of a ms -> answers
  newest = 0     -- answers carrying the feed's latest tick
  first_read = {} -- update time -> the wall clock (ms) when this thread first read it
  rest = 0       -- answers with REST's time, not the stream's
end

function delay()
  return pace > 0 and math.random() * 2 * pace or 0
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"error"', 1, true) then
    errors = errors + 1
    if errors == 1 then io.stderr:write("first error reply: " .. body .. "\n") end
    return
  end
  if period > 0 then
    local at = wall_ms()
    local time = tonumber(string.match(body, '"time":(%d+)'))
    if time == nil or at - time > 60000 then
      rest = rest + 1
    else
      local tenths = math.floor((at - time) * 10)
      ages[tenths] = (ages[tenths] or 0) + 1
      if math.floor(at / period) * period == time then newest = newest + 1 end
      if time >= started and first_read[time] == nil then first_read[time] = at end
    end
  end
end

function done(summary, latency, requests)
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  local all, aged, newest_all, rest_all, firsts = {}, 0, 0, 0, {}
  for _, t in ipairs(threads) do
    for time, at in pairs(t:get("first_read")) do
      if firsts[time] == nil or at < firsts[time] then firsts[time] = at end
    end
    errs = errs + t:get("errors")
    newest_all = newest_all + t:get("newest")
    rest_all = rest_all + t:get("rest")
    for tenths, n in pairs(t:get("ages")) do
      all[tenths] = (all[tenths] or 0) + n
      aged = aged + n
    end
  end
  local file = threads[1] and threads[1]:get("first_reads_file")
  if file then
    local out = assert(io.open(file, "w"))
    for time, at in pairs(firsts) do out:write(string.format("%d %.3f\n", time, at)) end
    out:close()
  end
  local keys = {}
  for tenths in pairs(all) do table.insert(keys, tenths) end
  table.sort(keys)
  local function percentile(p)
    if aged == 0 then return "-" end
    local seen = 0
    for _, tenths in ipairs(keys) do
      seen = seen + all[tenths]
      if seen >= aged * p / 100 then return string.format("%.1f", tenths / 10) end
    end
  end
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d requests=%d age_p50_ms=%s age_p99_ms=%s age_max_ms=%s newest_pct=%s rest=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      errs, summary.requests, percentile(50), percentile(99), percentile(100),
      aged > 0 and string.format("%.0f", 100 * newest_all / aged) or "-", rest_all))
end
