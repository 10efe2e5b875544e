#!/usr/bin/env bash
# How much of each exchange's documented rate-limit allowance the bridge uses: per exchange, a bridge and a
# stub that enforces that exchange's model with its real figures, and a strategy's calls (ticker, depth,
# account, open orders, place and cancel; several keys, concurrent callers) as fast as the bridge lets
# them, for a fixed time. Prints per exchange the calls offered, served, held back by the bridge, refused
# by the stub (must be 0), and per limit the share of the allowance used (README, "Rate limits", "Measured").
# Exits non-zero when the stub refused a call or a limit the calls exhaust was used below 80 %.
#
#   bench/rate-limits.sh                    # every exchange with an enforcing stub, one after another
#   bench/rate-limits.sh okx kraken         # these
#   bench/rate-limits.sh okx --seconds 20   # a shorter run (the default spans several periods)
#   bench/rate-limits.sh okx --warm-up 0    # no unlimited warm-up first (default 20 s)
#
# It drives the loop as hard as the CPU allows: run it on an otherwise idle machine, one exchange at a
# time if the machine is shared. A limit the callers could not keep full is marked so, not held to 80 %.
#
# Needs only Java 17 and Maven: compiles the tests, then runs io.fmzbridge.bench.RateLimitUtilisation on
# the test classpath (offline when the local repository has everything, else Maven downloads it).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn_() { mvn -B -q -o "$@" >/dev/null 2>&1 || mvn -B -q "$@"; }
classpath=target/bench-classpath.txt
mvn_ test-compile
mvn_ org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
exec java -XX:+UseSerialGC -Xmx512m \
  -cp "target/test-classes:target/classes:$(cat "$classpath")" \
  io.fmzbridge.bench.RateLimitUtilisation "$@"
