#!/usr/bin/env bash
# Builds everything, starts the calendar sample server, and shows its events arriving at the
# Argo-like command-line client. Usage: ./demo.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")"
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q install -DskipTests
fi
port=${DEMO_PORT:-8080}
java -jar samples/calendar/target/calendar-eventsource.jar --port "$port" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
# the client retries until the server listens, just as Argo's does
java -jar cli/target/argo-client.jar --url "localhost:$port" --name demo \
  --config 'interval: 1s' --metadata team=demo --json-body --retry 500ms --count 5 --duration 30s
echo "demo: 5 events received from the calendar eventsource on port $port"
