#!/usr/bin/env bash
# Live market data under load: ticker and depth answered from an OKX stream kept in memory, at 64
# connections asking flat out and again asking at a pace the machine carries (PACE_MS), against the
# same calls with streams off (REST to the nginx stand-in of run.sh); then
# the bridge's resident memory with 50 subscribed books. The stream is OkxStreamStub from the test
# tree (OkxStreamBenchFeed), pushing 100 book updates a second, each stamped with its event time;
# the bridge is the packaged jar in its own process, as in run.sh.
# Prints per case requests/s, p50/p99 latency, errors, the bridge's CPU per call and, for answers
# from the stream, the data age at the caller; then per update of BTC-USDT its delay, from its event
# time to the first answer a caller read carrying it, and the bridge's part of that delay, from the
# feed handing it to its socket to that answer (see stream-call.lua and README "Live market data").
#
#   bench/streams.sh                          # the standard run (about 4 minutes)
#   DURATION=5s WARMUP=10s bench/streams.sh   # a quick look; figures after a short warm-up are low
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}          # per method and source: the JIT needs about a minute under load
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
RATE=${RATE:-100}              # book updates a second, all on BTC-USDT while it is the only book
BOOKS=${BOOKS:-50}             # books subscribed for the memory figure
BOOKS_WARMUP=${BOOKS_WARMUP:-20s}
PACE_MS=${PACE_MS:-32}         # the paced stream run: each connection asks again this long after an answer, on average
BRIDGE_PORT=${BRIDGE_PORT:-16666}
STUB_PORT=${STUB_PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19876}
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms64m -Xmx192m"}

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
[ -f target/fmz-camel-bridge.jar ] || mvn -B -q package -DskipTests
mvn -B -q test-compile
[ -f target/bench-classpath.txt ] || mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

work=$(mktemp -d)
bridge_pid=""
feed_pid=""
stop_bridge() {
  if [ -n "$bridge_pid" ]; then kill "$bridge_pid" 2>/dev/null; wait "$bridge_pid" 2>/dev/null || true; bridge_pid=""; fi
}
cleanup() {
  stop_bridge
  [ -n "$feed_pid" ] && kill "$feed_pid" 2>/dev/null && wait "$feed_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; true
}
trap cleanup EXIT

sed -e "s#__DIR__#$work#g" -e "s#__PORT__#$STUB_PORT#g" bench/stub-exchange.conf > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -e "$work/nginx-error.log"

java -XX:+UseSerialGC -Xmx128m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.fmzbridge.exchange.okx.OkxStreamBenchFeed "$RATE" "$BOOKS" "$work/sent.log" > "$work/feed.log" 2>&1 &
feed_pid=$!
ws_url=""
until [ -n "$ws_url" ]; do
  kill -0 "$feed_pid" 2>/dev/null || { echo "the stream feed did not start:" >&2; cat "$work/feed.log" >&2; exit 1; }
  sleep 0.1
  ws_url=$(awk '/^ws-url / {print $2}' "$work/feed.log")
done

bridge="http://127.0.0.1:$BRIDGE_PORT/OKX"
metrics="http://127.0.0.1:$MANAGEMENT_PORT/observe/metrics"
call() { # <method> <params json>
  curl -sf -X POST -d "{\"access_key\":\"\",\"secret_key\":\"\",\"method\":\"$1\",\"nonce\":1,\"params\":$2}" "$bridge"
}
# shellcheck disable=SC2086
start_bridge() { # <streams on: true|false>
  java $JAVA_OPTS -Dfmz.listen.port="$BRIDGE_PORT" -Dfmz.management.enabled=true -Dfmz.management.port="$MANAGEMENT_PORT" \
    -Dfmz.exchange.okx.base-url="http://127.0.0.1:$STUB_PORT" -Dfmz.exchange.okx.ws-url="$ws_url" \
    -Dfmz.exchange.okx.stream-enabled="$1" -Dfmz.call.rate-limit-enabled=false \
    -Dfmz.clock.sync-enabled=false -Dfmz.markets.sync-enabled=false \
    -jar target/fmz-camel-bridge.jar > "$work/bridge-$1.log" 2>&1 &
  bridge_pid=$!
  until call ticker '{"symbol":"BTC_USDT"}' 2>/dev/null | grep -q '"data"'; do
    kill -0 "$bridge_pid" 2>/dev/null || { echo "the bridge did not start" >&2; exit 1; }
    sleep 0.05
  done
}
# the answer carries the feed's time (this minute), not REST's fixed example
from_stream() { # <method> <params json>
  local time
  time=$(call "$1" "$2" | grep -o '"time":[0-9]*' | head -1 | cut -d: -f2)
  [ -n "$time" ] && [ $(( $(date +%s%3N) - time )) -lt 60000 ]
}
await_stream() { # <method> <params json>
  local deadline=$((SECONDS + 30))
  until from_stream "$1" "$2"; do
    [ $SECONDS -lt $deadline ] || { echo "$1 $2 not answered from the stream in 30 s" >&2; exit 1; }
    sleep 0.05
  done
}

result() { grep '^RESULT' | sed -e 's/RESULT //'; }
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
ticks_per_s=$(getconf CLK_TCK)
bridge_cpu_ticks() { awk '{print $14 + $15}' "/proc/$bridge_pid/stat"; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$bridge_pid/status"; }
# live heap after a full collection: what the books themselves hold, which RSS (the heap's high-water mark) hides
live_heap_mb() {
  jcmd "$bridge_pid" GC.run >/dev/null
  jcmd "$bridge_pid" GC.heap_info | awk '/generation/ {for (i = 1; i <= NF; i++) if ($i == "used") {sub(/K,?/, "", $(i+1)); kb += $(i+1)}}
    END {printf "%.1f", kb / 1024}'
}
# reads the whole page (an early exit would fail curl on a closed pipe, and pipefail the script)
metric() { curl -s "$metrics" | awk -v name="$1" '$1 ~ "^"name"[{ ]" && /exchange="okx"/ && !seen++ {print $2}'; }

# percentile <p> of the numbers on stdin, one a line (nearest rank)
percentile() { sort -n | awk -v p="$1" '{v[NR] = $1} END {if (!NR) {print "-"; exit} i = int(NR * p / 100); if (i < NR * p / 100) i++; if (i < 1) i = 1; printf "%.1f", v[i]}'; }
# per update of the feed's <kind> (book or ticker) first read in a run: "<event → read ms> <sent → read ms>",
# and on stderr how many of the updates the feed sent in that span were read at all
update_delays() { # <kind> <first-reads file>
  awk -v kind="$1" 'NR == FNR {if ($1 == kind) sent[$2] = $3 / 1000; next}
    ($1 in sent) {print $2 - $1, $2 - sent[$1]; if (!lo || $1 < lo) lo = $1; if ($1 > hi) hi = $1; read++}
    END {for (t in sent) if (t + 0 >= lo && t + 0 <= hi) out++; printf "%d %d\n", read, out > "/dev/stderr"}' "$work/sent.log" "$2"
}

period_ms=$((1000 / RATE))
cases=("ticker|{\"symbol\":\"BTC_USDT\"}|100|ticker" "depth|{\"symbol\":\"BTC_USDT\",\"limit\":5}|$period_ms|book")
rows=()
fresh_rows=()
run_cases() { # <source> <pace ms: 0 flat out> <warm-up>
  local method params period kind pacing t=$(( CONNS < THREADS ? CONNS : THREADS ))
  pacing=$([ "$2" = 0 ] && echo "flat out" || echo "a call per $2 ms each")
  for case in "${cases[@]}"; do
    IFS='|' read -r method params period kind <<< "$case"
    [ "$1" = stream ] || period=0
    echo "$1 $method, $pacing: warming up for $3 ..." >&2
    wrk -t"$t" -c"$CONNS" -d"$3" -s bench/stream-call.lua "$bridge" -- "$method" "$params" "$period" - "$2" >/dev/null
    local cpu_before r cpu_us
    cpu_before=$(bridge_cpu_ticks)
    r=$(wrk -t"$t" -c"$CONNS" -d"$DURATION" -s bench/stream-call.lua "$bridge" -- "$method" "$params" "$period" "$work/first-$method" "$2" | result)
    cpu_us=$(awk -v t="$(( $(bridge_cpu_ticks) - cpu_before ))" -v hz="$ticks_per_s" -v n="$(field "$r" requests)" \
      'BEGIN { printf "%.0f", (n > 0 ? t * 1000000 / hz / n : 0) }')
    rows+=("$(printf '| %s | %s | %s, %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$method" "$1" "$CONNS" "$pacing" \
      "$(field "$r" rps)" "$(field "$r" p50_ms)" "$(field "$r" p99_ms)" "$(field "$r" errors)" "$cpu_us" \
      "$(field "$r" age_p50_ms)" "$(field "$r" age_p99_ms)" "$(field "$r" age_max_ms)" "$(field "$r" newest_pct)" \
      "$( [ "$1" = stream ] && field "$r" rest || echo -)")")
    if [ "$1" = stream ]; then
      local counts
      update_delays "$kind" "$work/first-$method" > "$work/delays-$method" 2> "$work/counts-$method"
      counts=$(cat "$work/counts-$method")
      fresh_rows+=("$(printf '| %s | %s, %s | %s of %s | %s | %s | %s | %s | %s | %s |' "$method" "$CONNS" "$pacing" "${counts% *}" "${counts#* }" \
        "$(cut -d' ' -f1 "$work/delays-$method" | percentile 50)" "$(cut -d' ' -f1 "$work/delays-$method" | percentile 99)" \
        "$(cut -d' ' -f1 "$work/delays-$method" | percentile 100)" \
        "$(cut -d' ' -f2 "$work/delays-$method" | percentile 50)" "$(cut -d' ' -f2 "$work/delays-$method" | percentile 99)" \
        "$(cut -d' ' -f2 "$work/delays-$method" | percentile 100)")")
    fi
  done
}

# streams on: the first calls subscribe (REST answers them), the rest come from memory
start_bridge true
await_stream ticker '{"symbol":"BTC_USDT"}'
await_stream depth '{"symbol":"BTC_USDT","limit":5}'
# how late the feed's updates left their ticks since line <n> of its log (a busy machine delays the feed too)
feed_lateness_since() {
  tail -n +"$(($1 + 1))" "$work/feed.log" | { grep '^feed lateness' || true; } | sed 's/.*p99_ms=\([0-9.]*\) max_ms=\([0-9.]*\).*/\1 \2/' \
    | sort -n | awk '{p99[NR] = $1; if ($2 > max) max = $2} END {if (NR) printf "p99 %s ms in the median 10 s, %s ms in the worst; at most %s ms", p99[int((NR + 1) / 2)], p99[NR], max}' || true
}
feed_from=$(wc -l < "$work/feed.log")
run_cases stream 0 "$WARMUP"
feed_lateness=$(feed_lateness_since "$feed_from")
feed_from=$(wc -l < "$work/feed.log")
run_cases stream "$PACE_MS" 5s
feed_lateness_paced=$(feed_lateness_since "$feed_from")

# then 50 books: the load goes on against BTC-USDT while the feed spreads its updates over all of them
rss_one=$(rss_mb)
heap_one=$(live_heap_mb)
for i in $(seq 1 $((BOOKS - 1))); do call depth "$(printf '{"symbol":"B%02d_USDT","limit":5}' "$i")" >/dev/null; done
echo "subscribing $((BOOKS - 1)) more books ..." >&2
for i in $(seq 1 $((BOOKS - 1))); do await_stream depth "$(printf '{"symbol":"B%02d_USDT","limit":5}' "$i")"; done
echo "$BOOKS books: warming up for $BOOKS_WARMUP ..." >&2
wrk -t"$THREADS" -c"$CONNS" -d"$BOOKS_WARMUP" -s bench/stream-call.lua "$bridge" -- depth '{"symbol":"BTC_USDT","limit":5}' 0 >/dev/null
rss_books=$(rss_mb)
heap_books=$(live_heap_mb)
subscribed=$(metric fmz_stream_subscriptions)
connections=$(metric fmz_stream_connections)
stop_bridge

# streams off: every call a REST round trip to the stand-in
start_bridge false
run_cases rest 0 "$WARMUP"
stop_bridge

printf '| method | answered by | conns, asking | req/s | p50 ms | p99 ms | errors | bridge CPU µs/call | data age p50 ms | data age p99 ms | data age max ms | answers with the newest update %% | answers not from the stream |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
printf '%s\n' "${rows[@]}"
echo
printf '| method | conns, asking | BTC-USDT updates first read / sent | delay p50 ms | delay p99 ms | delay max ms | bridge'"'"'s part p50 ms | p99 ms | max ms |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
printf '%s\n' "${fresh_rows[@]}"
echo
echo "delay = an update's event time (its tick) to the first answer carrying it that a caller read; bridge's part = the feed handing the update to its socket to that answer (the loopback both ways, reading and keeping the message, building and sending the answer)"
echo "book updates: $RATE a second on the one book (BTC-USDT, 400 levels a side), ticker every 100 ms; data age = the caller's wall clock when it reads the answer less the answer's event time (the update's tick)"
echo "the feed's own delay, its updates' send time less their tick, during the stream runs flat out: ${feed_lateness:-not measured}; paced: ${feed_lateness_paced:-not measured}"
echo "bridge resident memory (VmRSS) after the stream runs, 1 book: ${rss_one} MB; with ${BOOKS} books after ${BOOKS_WARMUP} more under load: ${rss_books} MB (JAVA_OPTS: $JAVA_OPTS)"
echo "live heap after a full collection: 1 book ${heap_one} MB, ${BOOKS} books ${heap_books} MB; ${subscribed%.*} topics subscribed on ${connections%.*} stream connections"
