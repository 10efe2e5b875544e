#!/usr/bin/env bash
# Writes a class-data archive for the bridge: one start and one served call, with the JVM recording
# the classes it loaded; later starts map them instead of parsing and verifying them again.
#   deploy/class-data-archive.sh <bridge jar> <archive to write>
#   java -XX:SharedArchiveFile=<archive> -jar <bridge jar>     # starts about a third faster
# The archive belongs to the JVM build and the jar it was made with: make it again after
# upgrading either (the JVM ignores a stale one, with a warning).
set -euo pipefail
jar=$1
archive=$2
port=${CDS_TRAINING_PORT:-16665}
java -XX:ArchiveClassesAtExit="$archive" -Dfmz.listen.port="$port" -Dfmz.management.port="$((port + 1))" \
  -Dfmz.clock.sync-enabled=false -Dfmz.markets.sync-enabled=false -jar "$jar" >/dev/null 2>&1 &
pid=$!
# One call through the gateway, so the classes of a call are archived too. Bash's /dev/tcp: the
# runtime image has no HTTP client.
body='{"method":"ticker","params":{"symbol":"BTC_USDT"}}'
for _ in $(seq 600); do
  if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    printf 'POST /OKX HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
      "${#body}" "$body" >&3
    cat <&3 >/dev/null
    exec 3>&-
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "the bridge did not start" >&2; exit 1; }
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || true
[ -s "$archive" ] || { echo "no archive written" >&2; exit 1; }
