#!/usr/bin/env bash
# Issue 23, targets 4 and 5, measured with an Argo-like Go client (benchmarks/go, argo-load: grpc-go, one stream per
# connection, synchronous Recv, then the event wrapped as JSON and dispatched): the SDK firehose against the
# hand-written grpc-java BaselineServer, started fresh one after the other in the same run.
#   latency   ROUNDS (2) rounds, order rotating; in each, for both servers: one stream of 100 B events paced at
#             1,000/s and at 50,000/s, WARMUP (5) s then LATENCY_SECONDS (15) s measured. Latency = the Go client's receipt
#             time minus the emit time in the payload (one machine's wall clock); p50/p99/p999; server CPU per event.
#   streams   IDLE_STREAMS (10000) idle streams (one event a day, so only the first arrives), then PACED_STREAMS
#             (1000) streams x PACED_RATE (10)/s, each on its own connection from one Go process, held WARMUP s then
#             STREAMS_SECONDS (20) s measured; server CPU in that window, and heap after a full GC, RSS and threads
#             after it, each against the same server with no stream (per stream = difference / streams).
# PARTS ("latency streams") picks the parts; a part's earlier lines in RESULTS/argo-go.txt are replaced. PARTS= only
# rewrites the section. Then the section between the argo-go markers of benchmarks/performance-template.md and
# docs/argo-go.svg are rewritten from the raw lines, and docs/performance.md from the template (Report). JFR=1
# records each SDK server with JFR into benchmarks/target/argo-go/ (for profiling, not for figures).
# VARIANT_JAR (with VARIANT_OPTS, JVM options, and VARIANT_NAME, default sdk-variant) adds a third server to the
# latency rounds and the paced streams: that jar's firehose, e.g. an experimental build of sdk-core.
# Builds nothing: first run
#   mvn -B package -DskipTests -pl benchmarks -am && benchmarks/build-go.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }
JAR=$HERE/target/firehose-eventsource.jar
GO_BIN=${GO_BIN:-$HERE/target/go}
RESULTS=${RESULTS:-$HERE/results}
DOCS=${DOCS:-$ROOT/docs}
RAW=$RESULTS/argo-go.txt
PROPS=$RESULTS/argo-go.properties
LOGS=$HERE/target/argo-go
PARTS=${PARTS-latency streams}
ROUNDS=${ROUNDS:-2} WARMUP=${WARMUP:-5} LATENCY_SECONDS=${LATENCY_SECONDS:-15} STREAMS_SECONDS=${STREAMS_SECONDS:-20}
IDLE_STREAMS=${IDLE_STREAMS:-10000} PACED_STREAMS=${PACED_STREAMS:-1000} PACED_RATE=${PACED_RATE:-10}
SERVER_HEAP=${SERVER_HEAP:-1g} PORT=${PORT:-18380}
VARIANT_JAR=${VARIANT_JAR:-}
VARIANT_NAME=${VARIANT_NAME:-sdk-variant}
read -r -a VARIANT_OPTS <<< "${VARIANT_OPTS:-}"
DAILY_RATE=0.000011574074

for f in "$JAR" "$GO_BIN/argo-load" "$GO_BIN/argo-go-report"; do
  [[ -f $f ]] || { echo "error: $f missing; build it first (see the top of $0)" >&2; exit 2; }
done
for part in $PARTS; do [[ $part == latency || $part == streams ]] || { echo "error: unknown part '$part'" >&2; exit 2; }; done
# 10,000 connections are 10,000 descriptors in the client and as many in the server (each its own limit)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(( $(ulimit -n) > IDLE_STREAMS + 1000 )) || ulimit -n $(( IDLE_STREAMS + 1000 )) \
  || { echo "error: cannot raise the open files limit above $(ulimit -n)" >&2; exit 2; }
mkdir -p "$RESULTS" "$LOGS"
touch "$RAW" "$PROPS"
SERVER_PID=
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
load1() { cut -d' ' -f1 /proc/loadavg; }
set_prop() { grep -v "^$1=" "$PROPS" > "$PROPS.tmp" || true; echo "$1=$2" >> "$PROPS.tmp"; mv "$PROPS.tmp" "$PROPS"; }
drop_lines() { grep -v -E " scenario=($1)" "$RAW" > "$RAW.tmp" || true; mv "$RAW.tmp" "$RAW"; }
record() { echo "$*" | tee -a "$RAW"; }

# start_server sdk|baseline|VARIANT_NAME: starts it on PORT and waits until it serves
start_server() {
  local kind=$1 log=$LOGS/server-$1.log cmd jfr=()
  case $kind in
    sdk) cmd=(-jar "$JAR" --max-streams 50000 --max-streams-per-peer 50000) ;;
    baseline) cmd=(-cp "$JAR" io.argogeneric.benchmarks.BaselineServer) ;;
    "$VARIANT_NAME") cmd=("${VARIANT_OPTS[@]}" -jar "$VARIANT_JAR" --max-streams 50000 --max-streams-per-peer 50000) ;;
  esac
  [[ ${JFR:-} == 1 && $kind == sdk ]] && jfr=(-XX:StartFlightRecording=filename="$LOGS/sdk-$(date +%H%M%S).jfr",settings=profile)
  java -Xmx"$SERVER_HEAP" "${jfr[@]}" "${cmd[@]}" --port "$PORT" --bind 127.0.0.1 > "$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    grep -q "serving gRPC on port" "$log" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: $kind server died; see $log" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: $kind server did not start within 60 s; see $log" >&2
  exit 1
}
stop_server() { kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
argo_load() { "$GO_BIN/argo-load" -url "127.0.0.1:$PORT" -server-pid "$SERVER_PID" "$@"; }
config() { echo "payloadSize: 100\nrate: $1"; }

# heap in use after a full GC, RSS (both KiB) and live threads of the server
footprint() {
  jcmd "$SERVER_PID" GC.run > /dev/null
  sleep 1
  local p=${1:-}
  echo "${p}heap_kib=$(jcmd "$SERVER_PID" GC.heap_info | grep -oE 'used [0-9]+K' | sed -n 1p | grep -oE '[0-9]+')" \
    "${p}rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")" \
    "${p}threads=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status")"
}

part_latency() {
  drop_lines 'go-latency-'
  local order kind rate kinds=(sdk baseline) i
  [[ -z $VARIANT_JAR ]] || kinds+=("$VARIANT_NAME")
  for round in $(seq 1 "$ROUNDS"); do
    order= # rotates, so that drift in the machine's load hits all alike
    for i in "${!kinds[@]}"; do order="$order ${kinds[$(( (i + round - 1) % ${#kinds[@]} ))]}"; done
    for kind in $order; do
      start_server "$kind"
      # primes the JIT of the server at both rates; not recorded
      argo_load -config "$(config 50000)" -warmup 0s -duration 4s >> "$LOGS/client.log" 2>&1 || true
      for rate in 1000 50000; do
        record "kind=$kind round=$round scenario=go-latency-$rate at=$(now) load=$(load1)" \
          "$(argo_load -config "$(config "$rate")" -warmup "${WARMUP}s" -duration "${LATENCY_SECONDS}s" 2>>"$LOGS/client.log" | tail -1)"
      done
      stop_server
    done
  done
  if [[ -n $VARIANT_JAR ]]; then set_prop variant "$VARIANT_NAME: $(basename "$VARIANT_JAR") ${VARIANT_OPTS[*]}"; fi
  set_prop latency_rounds "$ROUNDS"; set_prop latency_seconds "$LATENCY_SECONDS"; set_prop warmup_seconds "$WARMUP"
}

# streams_run SCENARIO KIND N RATE: N streams at RATE, footprint read once the window is measured
streams_run() {
  local scenario=$1 kind=$2 n=$3 rate=$4 base out=$LOGS/$1-$2.out err=$LOGS/$1-$2.err client
  start_server "$kind"
  argo_load -config "$(config 1000)" -warmup 0s -duration 3s >> "$LOGS/client.log" 2>&1 || true # one stream: JIT
  sleep 2
  base=$(footprint 0)
  rm -f "$out" "$err"
  argo_load -streams "$n" -config "$(config "$rate")" -warmup "${WARMUP}s" -duration "${STREAMS_SECONDS}s" -hold 30s \
    > "$out" 2> "$err" &
  client=$!
  while ! grep -q "^argo-load .* measured" "$err" 2>/dev/null; do # the summary is on stdout by then
    kill -0 "$client" 2>/dev/null || { echo "error: argo-load ended early; see $err" >&2; exit 1; }
    sleep 0.2
  done
  record "kind=$kind round=1 scenario=$scenario at=$(now) load=$(load1) $(head -1 "$out") $base $(footprint)"
  kill -TERM "$client" 2>/dev/null || true
  wait "$client" 2>/dev/null || true
  stop_server
}

part_streams() {
  drop_lines 'go-idle-|go-streams-'
  local kind
  for kind in sdk baseline; do streams_run "go-idle-$IDLE_STREAMS" "$kind" "$IDLE_STREAMS" "$DAILY_RATE"; done
  local paced=(baseline sdk)
  [[ -z $VARIANT_JAR ]] || paced+=("$VARIANT_NAME")
  for kind in "${paced[@]}"; do
    streams_run "go-streams-$PACED_STREAMS-rate$PACED_RATE" "$kind" "$PACED_STREAMS" "$PACED_RATE"
  done
  set_prop streams_seconds "$STREAMS_SECONDS"
}

for part in $PARTS; do
  started=$(now)
  "part_$part"
  set_prop "measured.$part" "$started to $(now), load $(cut -d' ' -f1-3 /proc/loadavg) after"
done
if [[ -n $PARTS ]]; then
  set_prop cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  set_prop cores "$(nproc)"
  set_prop memory "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  set_prop kernel "$(uname -sr)"
  set_prop java "$(java -version 2>&1 | sed -n 2p)"
  set_prop go "$(go version 2>/dev/null | cut -d' ' -f3-)"
  set_prop grpc_go "$(dpkg-query -W -f='${Version}' golang-google-grpc-dev 2>/dev/null)"
  set_prop server_heap "$SERVER_HEAP"
fi

# the section between the markers of the template, and its chart
TEMPLATE=${TEMPLATE:-$HERE/performance-template.md}
"$GO_BIN/argo-go-report" -raw "$RAW" -props "$PROPS" -svg "$DOCS/argo-go.svg" > "$LOGS/section.md" # summary on stderr
awk -v section="$LOGS/section.md" '
  /^<!-- argo-go:start/ { print; while ((getline line < section) > 0) print line; skip = 1; next }
  /^<!-- argo-go:end/ { skip = 0 }
  !skip { print }' "$TEMPLATE" > "$TEMPLATE.tmp"
mv "$TEMPLATE.tmp" "$TEMPLATE"
java -cp "$JAR" io.argogeneric.benchmarks.report.Report "$RESULTS" "$TEMPLATE" "$DOCS/performance.md" "$DOCS/performance.svg"
