#!/usr/bin/env bash
# The side-by-side run (issue 6): Tollgrid's local stack vs a SQL-row design on PostgreSQL vs an empty Vert.x
# endpoint, same open-loop generator and call mix; then the CDR ingest benchmark. One command:
#   load-tests/compare.sh                     # all three systems, default rates
#   load-tests/compare.sh --systems sql --rates 100,500,1000 --seconds 10 --p99-limits 5,10
# Each system starts on a deleted data directory. Prints the authorise-latency table, CPU-ms per call flow
# for each process (from /proc/<pid>/stat; --idle-seconds 5 of no load after the warm-up gives the part that
# does not grow with the rate) and the highest rate held under each p99 bound; writes
# load-tests/target/compare/compare.csv and compare.png. Needs root for PostgreSQL (installed with apt-get
# if missing, run as the postgres user) and Linux for /proc.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/tollgrid-maven.lock
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL (apt-get install -y postgresql) ..."
  apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
fi
if [ ! -f load-tests/target/bench.classpath ] || [ ! -f cassandra-server/target/cassandra.classpath ] \
   || [ -n "$(find load-tests/src -newer load-tests/target/bench.classpath -print -quit)" ]; then
  echo "Building load-tests and what it needs ..."
  flock "$LOCK" mvn -B -o -q -pl load-tests -am install -DskipTests
fi
CP="$(cat load-tests/target/bench.classpath):load-tests/target/classes"
FLAGS=$(grep '^ignite.jvm.flags=' localcluster/target/classes/tollgrid-build.properties | cut -d= -f2-)
echo "nproc=$(nproc) mem=$(free -m | awk '/Mem:/{print $2}')MiB java=$(java -version 2>&1 | head -1) uptime: $(uptime)"
# Under the build lock: no Maven build of this shared machine runs on top of the measurement.
# shellcheck disable=SC2086
exec flock "$LOCK" java $FLAGS -Xmx2g -XX:+UseG1GC -Djava.awt.headless=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.tollgrid.loadtests.compare.CompareMain "$@"
