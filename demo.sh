#!/usr/bin/env bash
# Builds the calendar sample and the Argo-like command-line client, starts the calendar eventsource
# server, and shows its events arriving at the client. Usage: ./demo.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")"
say() { echo "demo: $*"; }
if [[ "${1:-}" != "--no-build" ]]; then
  say "building the SDK, the calendar sample and the client (mvn package, tests skipped; the first build downloads dependencies and takes a few minutes)..."
  mvn -B -q package -DskipTests -pl samples/calendar,cli -am
  say "build done"
fi
port=${DEMO_PORT:-8080}
log=$(mktemp "${TMPDIR:-/tmp}/demo-server.XXXXXX")
say "starting the calendar eventsource on port $port (its log: $log)..."
java -jar samples/calendar/target/calendar-eventsource.jar --port "$port" > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
# wait for the server's own "serving" line rather than letting the client retry against a closed port
for _ in $(seq 1 300); do
  grep -q "serving gRPC on port" "$log" && break
  if ! kill -0 "$server" 2>/dev/null; then
    say "the server exited before it was ready; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "serving gRPC on port" "$log" || { say "the server was not ready within 30 s; see $log" >&2; exit 1; }
say "server ready; the client now asks for events named 'demo' with config 'interval: 1s' (one a second):"
java -jar cli/target/argo-client.jar --url "localhost:$port" --name demo \
  --config 'interval: 1s' --metadata team=demo --json-body --retry 500ms --count 5 --duration 30s
say "5 events received from the calendar eventsource on port $port; stopping the server"
