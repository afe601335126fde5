#!/usr/bin/env bash
# The whole system on this machine: ./sandbox.sh [--events] [--keep-running] [--bench N [--realistic]] ... (--help lists them)
# Builds what it needs on first use (and again when sources changed); Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

jars=(allocator-service/target/quarkus-app/quarkus-run.jar provisioner-service/target/quarkus-app/quarkus-run.jar installer-service/target/quarkus-app/quarkus-run.jar reaper-service/target/quarkus-app/quarkus-run.jar github-bridge/target/quarkus-app/quarkus-run.jar notifier-service/target/quarkus-app/quarkus-run.jar console-service/target/quarkus-app/quarkus-run.jar)
needs_build=0
for jar in "${jars[@]}" sandbox/target/classpath.txt; do
  [ -f "$jar" ] || needs_build=1
done
if [ "$needs_build" = 0 ] && [ -n "$(find . -path ./sandbox-work -prune -o \( -path '*/src/main/*' -o -path ./upstream.lock \) -newer sandbox/target/classpath.txt -print -quit)" ]; then
  needs_build=1
fi
if [ "$needs_build" = 1 ]; then
  echo "building (first use or sources changed): mvn -q -DskipTests package ..."
  mvn -B -q -DskipTests package -pl sandbox -am
fi

# Upstream files (CRDs, GitHub's REST description) the mocks check against: see README, "Upstream data".
upstream_dir=${EPHEMERAL_UPSTREAM_DIR:-$PWD/../shared/upstream}

exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dsandbox.root="$PWD" \
  -Dephemeral.upstream.dir="$upstream_dir" -cp "sandbox/target/classes:$(cat sandbox/target/classpath.txt)" \
  pw.fullstack.ephemeral.sandbox.SandboxMain "$@"
