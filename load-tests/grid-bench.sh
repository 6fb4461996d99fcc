#!/usr/bin/env bash
# Grid benchmark (issue 4): authorise → stop flows against ChargingClient, no HTTP.
#   load-tests/grid-bench.sh --servers 3 --seconds 30 --concurrency 64 [--jfr] [--answer] [--hot 4 --hot-share 0.1]
# Builds load-tests and what it needs if the classpath file is missing, then runs under the Maven lock so no
# build on this shared machine runs on top of the measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/tollgrid-maven.lock
if [ ! -f load-tests/target/bench.classpath ]; then
  flock "$LOCK" mvn -B -o -q -pl load-tests -am install -DskipTests
fi
CP="$(cat load-tests/target/bench.classpath):load-tests/target/classes"
FLAGS=$(grep '^ignite.jvm.flags=' localcluster/target/classes/tollgrid-build.properties | cut -d= -f2-)
CLIENT_JFR=()
if [[ " $* " == *" --jfr "* ]]; then
  mkdir -p load-tests/target/gridbench
  CLIENT_JFR=("-XX:StartFlightRecording=filename=load-tests/target/gridbench/client.jfr,settings=profile,dumponexit=true")
fi
echo "nproc=$(nproc) mem=$(free -m | awk '/Mem:/{print $2}')MiB uptime: $(uptime)"
# shellcheck disable=SC2086
exec flock "$LOCK" java $FLAGS -Xmx1g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${CLIENT_JFR[@]}" \
  -cp "$CP" io.tollgrid.loadtests.grid.GridFlowBenchmark "$@"
