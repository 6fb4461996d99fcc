#!/usr/bin/env bash
# The reports benchmark (issue 15): one account's CDRs over a year written with their rollups into a Cassandra of
# its own, then the time of a year's usage report (UTC and Europe/Sofia) and a page-by-page read of the whole year.
#   load-tests/report-bench.sh --cdrs 1000000 --days 365
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/tollgrid-maven.lock
if [ ! -f load-tests/target/bench.classpath ] || [ ! -f cassandra-server/target/cassandra.classpath ] \
   || [ -n "$(find . -path ./.tollgrid -prune -o -path '*/target' -prune -o -name '*.java' -newer load-tests/target/bench.classpath -print -quit)" ]; then
  echo "Building load-tests and what it needs ..."
  flock "$LOCK" mvn -B -o -q -pl load-tests -am package -DskipTests
fi
CP="$(cat load-tests/target/bench.classpath):load-tests/target/classes"
echo "nproc=$(nproc) mem=$(free -m | awk '/Mem:/{print $2}')MiB java=$(java -version 2>&1 | head -1) uptime: $(uptime)"
# Under the build lock: no Maven build of this shared machine runs on top of the measurement.
exec flock "$LOCK" java -Xmx512m -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" io.tollgrid.loadtests.reports.ReportBenchMain "$@"
