#!/usr/bin/env bash
# The ingest benchmark alone (issue 6): starts the local stack, then CDRs into Cassandra through the grid outbox,
# through CDR files (Asterisk Master.csv into cdr-files/pbx/incoming), through CdrStore alone and through the raw
# driver (the limit). Prints CDRs/s per path.
#   load-tests/ingest-bench.sh --cdrs 30000
#   load-tests/ingest-bench.sh --outbox-backlog 100000   # a backlog drained by ingest vs the raw driver, and the ratio
#   load-tests/ingest-bench.sh --outbox-rate 100 --seconds 60   # ingest CPU per CDR at a steady stop rate
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/tollgrid-maven.lock
if [ ! -f load-tests/target/bench.classpath ] || [ ! -f cassandra-server/target/cassandra.classpath ] \
   || [ -n "$(find . -path ./.tollgrid -prune -o -path '*/target' -prune -o -name '*.java' -newer load-tests/target/bench.classpath -print -quit)" ]; then
  echo "Building load-tests and what it needs ..."
  flock "$LOCK" mvn -B -o -q -pl load-tests -am package -DskipTests
fi
CP="$(cat load-tests/target/bench.classpath):load-tests/target/classes"
FLAGS=$(grep '^ignite.jvm.flags=' localcluster/target/classes/tollgrid-build.properties | cut -d= -f2-)
echo "nproc=$(nproc) mem=$(free -m | awk '/Mem:/{print $2}')MiB java=$(java -version 2>&1 | head -1) uptime: $(uptime)"
# Under the build lock: no Maven build of this shared machine runs on top of the measurement.
# shellcheck disable=SC2086
exec flock "$LOCK" java $FLAGS -Xmx1g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" io.tollgrid.loadtests.ingest.IngestBenchMain "$@"
