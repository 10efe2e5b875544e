#!/usr/bin/env bash
# Load benchmark: FMZ ticker, depth and (signed) accounts through the bridge at 1, 16 and 64
# connections, against the same fast stub exchange called directly, with wrk on this machine.
# The bridge and the direct runs each get their own stub instance (same config), so the stub the
# bridge talks to counts only the bridge's connections.
# Prints per case requests/s, p50/p99 latency and errors for both and the bridge/direct ratios,
# then start-to-first-reply time, resident memory and connections the bridge opened to the stub.
#
#   bench/run.sh                      # the standard run (about 4 minutes)
#   DURATION=5s WARMUP=20s bench/run.sh   # a quick look; figures after a short warm-up are low
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-60s}          # the JIT needs about a minute under load before figures settle
CONNS=${CONNS:-"1 16 64"}
THREADS=${THREADS:-2}
BRIDGE_PORT=${BRIDGE_PORT:-16666}
STUB_PORT=${STUB_PORT:-18080}
DIRECT_PORT=${DIRECT_PORT:-18081}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19876}
# The launch flags README, Dockerfile and the systemd unit use. Serial GC: on two cores with a heap
# this small, G1's background work and write barriers cost a fifth of the rate (measured here).
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms64m -Xmx192m"}

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
[ -f target/fmz-camel-bridge.jar ] || mvn -B -q package -DskipTests

work=$(mktemp -d)
bridge_pid=""
cleanup() {
  [ -n "$bridge_pid" ] && kill "$bridge_pid" 2>/dev/null && wait "$bridge_pid" 2>/dev/null || true
  for pid in "$work"/*/nginx.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null; done; true
}
trap cleanup EXIT

start_stub() { # <name> <port>
  mkdir -p "$work/$1"
  sed -e "s#__DIR__#$work/$1#g" -e "s#__PORT__#$2#g" bench/stub-exchange.conf > "$work/$1/nginx.conf"
  nginx -c "$work/$1/nginx.conf" -e "$work/$1/nginx-error.log"
}
start_stub for-bridge "$STUB_PORT"
start_stub for-direct "$DIRECT_PORT"
stub="http://127.0.0.1:$STUB_PORT"
direct="http://127.0.0.1:$DIRECT_PORT"
bridge="http://127.0.0.1:$BRIDGE_PORT/OKX"

common_opts="-Dfmz.management.port=$MANAGEMENT_PORT -Dfmz.exchange.okx.base-url=$stub -Dfmz.call.rate-limit-enabled=false \
  -Dfmz.clock.sync-enabled=false -Dfmz.markets.sync-enabled=false"
ticker='{"access_key":"","secret_key":"","method":"ticker","nonce":1,"params":{"symbol":"BTC_USDT"}}'
await_reply() { # <url> <pid>
  until curl -sf -X POST -d "$ticker" "$1" 2>/dev/null | grep -q '"data"'; do
    kill -0 "$2" 2>/dev/null || { echo "the bridge did not start" >&2; exit 1; }
    sleep 0.02
  done
}
# shellcheck disable=SC2086
first_reply_ms() { # [java options]: launch to first served ticker, median of three starts
  local port=$((BRIDGE_PORT + 1)) runs=() started pid
  for _ in 1 2 3; do
    started=$(date +%s%N)
    java $JAVA_OPTS "$@" -Dfmz.listen.port="$port" $common_opts -jar target/fmz-camel-bridge.jar >/dev/null 2>&1 &
    pid=$!
    await_reply "http://127.0.0.1:$port/OKX" "$pid"
    runs+=($(( ($(date +%s%N) - started) / 1000000 )))
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p
}
first_reply=$(first_reply_ms)
CDS_TRAINING_PORT=$((BRIDGE_PORT + 2)) deploy/class-data-archive.sh target/fmz-camel-bridge.jar "$work/bridge.jsa"
first_reply_cds=$(first_reply_ms -XX:SharedArchiveFile="$work/bridge.jsa")

accepted() { curl -s "$stub/nginx_status" | awk 'NR==3 {print $1}'; }
accepts_before=$(accepted)
# shellcheck disable=SC2086
java $JAVA_OPTS -Dfmz.listen.port="$BRIDGE_PORT" $common_opts -jar target/fmz-camel-bridge.jar > "$work/bridge.log" 2>&1 &
bridge_pid=$!
await_reply "$bridge" "$bridge_pid"

echo "warming up for $WARMUP ..." >&2
wrk -t"$THREADS" -c64 -d"$WARMUP" -s bench/fmz-call.lua "$bridge" -- ticker '{"symbol":"BTC_USDT"}' >/dev/null


result() { grep '^RESULT' | sed -e 's/RESULT //'; }
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }

# the bridge's own CPU (user + system) per call: steadier from run to run than the rate, which
# moves with whatever else the machine is doing
ticks_per_s=$(getconf CLK_TCK)
bridge_cpu_ticks() { awk '{print $14 + $15}' "/proc/$bridge_pid/stat"; }

printf '| method | conns | bridge req/s | bridge p50 ms | bridge p99 ms | bridge errors | bridge CPU µs/call | direct req/s | direct p50 ms | direct p99 ms | req/s ratio | p50 added ms |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for case in "ticker|{\"symbol\":\"BTC_USDT\"}|/api/v5/market/ticker?instId=BTC-USDT" \
            "depth|{\"symbol\":\"BTC_USDT\",\"limit\":5}|/api/v5/market/books?instId=BTC-USDT&sz=5" \
            "accounts|{}|/api/v5/account/balance"; do
  IFS='|' read -r method params path <<< "$case"
  for c in $CONNS; do
    t=$(( c < THREADS ? c : THREADS ))
    cpu_before=$(bridge_cpu_ticks)
    b=$(wrk -t"$t" -c"$c" -d"$DURATION" -s bench/fmz-call.lua "$bridge" -- "$method" "$params" | result)
    cpu_us=$(awk -v t="$(( $(bridge_cpu_ticks) - cpu_before ))" -v hz="$ticks_per_s" -v n="$(field "$b" requests)" \
      'BEGIN { printf "%.0f", (n > 0 ? t * 1000000 / hz / n : 0) }')
    d=$(wrk -t"$t" -c"$c" -d"$DURATION" -s bench/direct.lua "$direct$path" | result)
    ratio=$(awk -v b="$(field "$b" rps)" -v d="$(field "$d" rps)" 'BEGIN { printf "%.2f", b / d }')
    added=$(awk -v b="$(field "$b" p50_ms)" -v d="$(field "$d" p50_ms)" 'BEGIN { printf "%.3f", b - d }')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$method" "$c" \
      "$(field "$b" rps)" "$(field "$b" p50_ms)" "$(field "$b" p99_ms)" "$(field "$b" errors)" "$cpu_us" \
      "$(field "$d" rps)" "$(field "$d" p50_ms)" "$(field "$d" p99_ms)" "$ratio" "$added"
  done
done

accepts_after=$(accepted)
rss_mb=$(( $(ps -o rss= -p "$bridge_pid") / 1024 ))
echo
echo "start to first served request: ${first_reply} ms; with a class-data archive (deploy/class-data-archive.sh): ${first_reply_cds} ms (median of 3)"
echo "bridge resident memory after the run: ${rss_mb} MB (JAVA_OPTS: $JAVA_OPTS)"
# each status query is a connection of its own: the second one is not the bridge's
echo "connections the bridge opened to the stub in the whole run, warm-up included: $((accepts_after - accepts_before - 1))"
