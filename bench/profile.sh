#!/usr/bin/env bash
# Where the bridge's CPU goes under load: JFR recorded from launch (starting JFR mid-run discards
# compiled code), ticker at 64 connections through the nginx stand-in, then the hottest frames.
#   bench/profile.sh [method]        # default ticker; the recording is left in target/bridge.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
METHOD=${1:-ticker}
BRIDGE_PORT=${BRIDGE_PORT:-16666}
STUB_PORT=${STUB_PORT:-18080}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
[ -f target/fmz-camel-bridge.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
bridge_pid=""
cleanup() {
  [ -n "$bridge_pid" ] && kill "$bridge_pid" 2>/dev/null && wait "$bridge_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT
sed -e "s#__DIR__#$work#g" -e "s#__PORT__#$STUB_PORT#g" bench/stub-exchange.conf > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -e "$work/nginx-error.log"
java -XX:+UseSerialGC -Xms64m -Xmx192m -XX:StartFlightRecording=delay=45s,duration=30s,settings=profile,filename=target/bridge.jfr \
  -Dfmz.listen.port="$BRIDGE_PORT" -Dfmz.management.enabled=false -Dfmz.exchange.okx.base-url="http://127.0.0.1:$STUB_PORT" \
  -Dfmz.call.rate-limit-enabled=false -Dfmz.clock.sync-enabled=false -Dfmz.markets.sync-enabled=false \
  -jar target/fmz-camel-bridge.jar > "$work/bridge.log" 2>&1 &
bridge_pid=$!
until curl -sf -X POST -d '{"method":"ticker","params":{"symbol":"BTC_USDT"}}' "http://127.0.0.1:$BRIDGE_PORT/OKX" | grep -q '"data"'; do sleep 0.1; done
wrk -t2 -c64 -d80s -s bench/fmz-call.lua "http://127.0.0.1:$BRIDGE_PORT/OKX" -- "$METHOD" '{"symbol":"BTC_USDT"}' | grep RESULT
sleep 2
echo "hottest frames (top of stack), share of samples:"
jfr print --events jdk.ExecutionSample target/bridge.jfr \
  | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); top[$0]++; n++} END {for (f in top) printf "%5.1f%%  %s\n", 100*top[f]/n, f}' \
  | sort -rn | head -25
echo "frames anywhere on the stack in io.fmzbridge or org.apache.camel, share of samples:"
jfr print --events jdk.ExecutionSample target/bridge.jfr \
  | awk '/stackTrace = \[/ {inside=1; delete seen; n++; next} inside && /^[ \t]*\]/ {inside=0; next}
         inside {f=$0; sub(/^[ \t]+/, "", f); sub(/\(.*/, "", f); if (f ~ /^(io\.fmzbridge|org\.apache\.camel\.(component|processor|support\.processor|http))/ && !(f in seen)) {seen[f]=1; c[f]++}}
         END {for (f in c) printf "%5.1f%%  %s\n", 100*c[f]/n, f}' \
  | sort -rn | head -25
