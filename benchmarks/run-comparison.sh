#!/usr/bin/env bash
# Measures the SDK firehose against the hand-written grpc-java baseline (same clients, same machine), appends
# one key=value line per measurement to benchmarks/results/results.txt, then writes docs/performance.md and
# docs/performance.svg from those lines with io.argogeneric.benchmarks.report.Report (the text comes from
# benchmarks/performance-template.md). Builds nothing: first run
#   mvn -B package -DskipTests -pl benchmarks,samples/calendar,samples/webhook-bridge -am
#
# PARTS (default: all of them, about an hour on 2 cores) picks what is measured; a part's earlier lines are
# replaced, the other parts' kept. PARTS= (empty) only rewrites the docs from benchmarks/results/.
# RESULTS (benchmarks/results) and DOCS (docs) move the raw results and the written pages elsewhere.
#   single-stream   ROUNDS (7) rounds; each starts sdk, baseline and sdkpush fresh in rotating order and runs
#                   flat out at 100 B, 1 KiB, 16 KiB and (not sdkpush) paced at 1,000/s and 10,000/s,
#                   WARMUP_SECONDS (10) then RUN_SECONDS (15) each
#   acceptance      acceptance/node-client/compare.mjs (needs node and `npm install` there) reading five servers
#                   side by side in turns; INDEPENDENT_ROUNDS (3) x INDEPENDENT_CYCLES (20) cycles per size
#   floor           LatencyFloor, FLOOR_ROUNDS (3) runs of FLOOR_SECONDS (10) at 1,000/s: the machine's own latency
#   many-streams    1,000 streams x 10/s for MANY_SECONDS (60), then IDLE_STREAMS (10000) idle streams over
#                   IDLE_CHANNELS (1000) connections, heap and threads of the server
#   jmh             every JMH benchmark, short settings, with the gc profiler
#   webhook         webhook bridge (blocking and async subscriber) vs bare Jetty, WEBHOOK_ROUNDS (3),
#                   WEBHOOK_CONNECTIONS (64), WEBHOOK_WARMUP (30) s, WEBHOOK_SECONDS (10) s
#   startup         java -jar to health SERVING for both samples, STARTUP_RUNS (5), with and without CDS/C1
#   config-binding  ConfigBindingBenchmark with longer settings
#   image-startup   the container image's start-up, its Dockerfile's steps replayed (see image-parts.sh)
#   footprint       the image's RSS and loads in a 128Mi memory cgroup; root (see image-parts.sh)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }
JAR=$HERE/target/firehose-eventsource.jar
JMH_JAR=$HERE/target/benchmarks.jar
CALENDAR_JAR=$ROOT/samples/calendar/target/calendar-eventsource.jar
WEBHOOK_JAR=$ROOT/samples/webhook-bridge/target/webhook-bridge-eventsource.jar
RESULTS=${RESULTS:-$HERE/results}
DOCS=${DOCS:-$ROOT/docs}
RAW=$RESULTS/results.txt
PROPS=$RESULTS/run.properties
LOGS=$HERE/target/comparison
ALL_PARTS="single-stream acceptance floor many-streams jmh webhook startup config-binding image-startup footprint"
PARTS=${PARTS-$ALL_PARTS}
ROUNDS=${ROUNDS:-7} RUN_SECONDS=${RUN_SECONDS:-15} WARMUP_SECONDS=${WARMUP_SECONDS:-10}
INDEPENDENT_ROUNDS=${INDEPENDENT_ROUNDS:-3} INDEPENDENT_CYCLES=${INDEPENDENT_CYCLES:-20}
FLOOR_ROUNDS=${FLOOR_ROUNDS:-3} FLOOR_SECONDS=${FLOOR_SECONDS:-10} MANY_SECONDS=${MANY_SECONDS:-60}
IDLE_STREAMS=${IDLE_STREAMS:-10000} IDLE_CHANNELS=${IDLE_CHANNELS:-1000}
WEBHOOK_ROUNDS=${WEBHOOK_ROUNDS:-3} WEBHOOK_CONNECTIONS=${WEBHOOK_CONNECTIONS:-64} WEBHOOK_BODY=${WEBHOOK_BODY:-1024}
WEBHOOK_WARMUP=${WEBHOOK_WARMUP:-30} WEBHOOK_SECONDS=${WEBHOOK_SECONDS:-10} STARTUP_RUNS=${STARTUP_RUNS:-5}
SERVER_HEAP=${SERVER_HEAP:-1g} PORT=${PORT:-18080} HTTP_PORT=${HTTP_PORT:-18090}
DAILY_RATE=0.000011574074 # one event a day: the calendar's usual case

need() { [[ -f $1 ]] || { echo "error: $1 missing; build it first (see the top of $0)" >&2; exit 2; }; }
need "$JAR"
for part in $PARTS; do
  [[ " $ALL_PARTS " == *" $part "* ]] || { echo "error: unknown part '$part'; parts: $ALL_PARTS" >&2; exit 2; }
done
mkdir -p "$RESULTS" "$LOGS"
[[ $PARTS == "$ALL_PARTS" ]] && : > "$RAW" && : > "$PROPS"
touch "$RAW" "$PROPS"
SERVER_PID=
SERVER_PIDS=()
trap 'kill $SERVER_PID "${SERVER_PIDS[@]}" 2>/dev/null || true' EXIT

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
load1() { cut -d' ' -f1 /proc/loadavg; }
set_prop() { grep -v "^$1=" "$PROPS" > "$PROPS.tmp" || true; echo "$1=$2" >> "$PROPS.tmp"; mv "$PROPS.tmp" "$PROPS"; }
# drop_lines REGEX: forgets a part's earlier lines (by scenario) before it is measured again
drop_lines() { grep -v -E " scenario=($1)" "$RAW" > "$RAW.tmp" || true; mv "$RAW.tmp" "$RAW"; }
record() { echo "$*" | tee -a "$RAW"; }

# start_server sdk|sdkpush|baseline|baseline2|handoff|bridge|bare [PORT]: starts it, waits until it serves
start_server() {
  local kind=$1 port=${2:-$PORT} log=$LOGS/server-$1.log ready="serving gRPC on port" cmd
  case $kind in
    sdk) cmd=(-jar "$JAR" --max-streams 50000 --max-streams-per-peer 50000) ;;
    sdkpush) cmd=(-jar "$JAR" --emit push) ;;
    baseline | baseline2) cmd=(-cp "$JAR" io.argogeneric.benchmarks.BaselineServer) ;;
    handoff) cmd=(-cp "$JAR" io.argogeneric.benchmarks.BaselineServer --hand-off) ;;
    bridge) cmd=(-jar "$WEBHOOK_JAR" --http-port "$HTTP_PORT" --http-bind 127.0.0.1) ;;
    bare) cmd=(-cp "$JAR" io.argogeneric.benchmarks.BareHttpServer) ready="bare HTTP server listening on port" port=$HTTP_PORT ;;
  esac
  java -Xmx"$SERVER_HEAP" "${cmd[@]}" --port "$port" --bind 127.0.0.1 > "$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    grep -q "$ready" "$log" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: $kind server died; see $log" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: $kind server did not start within 60 s; see $log" >&2
  exit 1
}
stop_server() { kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
load_client() { java -Xmx1g -cp "$JAR" io.argogeneric.benchmarks.LoadClient --host 127.0.0.1 --port "$PORT" "$@"; }
# client SCENARIO KIND ROUND FLAGS...: one load client run against SERVER_PID, its summary line recorded
client() {
  local scenario=$1 kind=$2 round=$3
  shift 3
  record "kind=$kind round=$round scenario=$scenario $(load_client --server-pid "$SERVER_PID" "$@" 2>>"$LOGS/client.log" | tail -1)"
}

part_single_stream() {
  drop_lines 'flat-|rate'
  local timed=(--duration "$RUN_SECONDS" --warmup "$WARMUP_SECONDS") order kind size
  for round in $(seq 1 "$ROUNDS"); do
    # rotate which server goes first, so drift in the machine's load hits all alike
    case $(( round % 3 )) in 1) order="sdk baseline sdkpush" ;; 2) order="baseline sdkpush sdk" ;; 0) order="sdkpush sdk baseline" ;; esac
    for kind in $order; do
      start_server "$kind"
      load_client --duration 3 >> "$LOGS/client.log" 2>&1 || true # primes the JIT of both processes; not recorded
      for size in 100 1024 16384; do client "flat-$size" "$kind" "$round" --payload-size "$size" "${timed[@]}"; done
      if [[ $kind != sdkpush ]]; then # paced streams take the push path: measured once
        for size in 100 1024 16384; do client "rate1000-$size" "$kind" "$round" --payload-size "$size" --rate 1000 "${timed[@]}"; done
        client rate10000-100 "$kind" "$round" --payload-size 100 --rate 10000 "${timed[@]}"
      fi
      stop_server
    done
  done
  set_prop rounds "$ROUNDS"; set_prop run_seconds "$RUN_SECONDS"; set_prop warmup_seconds "$WARMUP_SECONDS"
}

part_acceptance() {
  [[ -d $ROOT/acceptance/node-client/node_modules ]] || { echo "error: run npm install in acceptance/node-client first" >&2; exit 2; }
  drop_lines 'independent-'
  # baseline2, a second baseline process, is the control: its ratio to the baseline is the method's own noise
  local kinds=(sdk baseline baseline2 sdkpush handoff) servers i size
  for round in $(seq 1 "$INDEPENDENT_ROUNDS"); do
    servers=() # fresh processes every round: each settles at a speed of its own (JIT, heap sizing)
    for i in "${!kinds[@]}"; do
      start_server "${kinds[$i]}" $(( PORT + i ))
      SERVER_PIDS+=("$SERVER_PID")
      servers+=("${kinds[$i]}=127.0.0.1:$(( PORT + i ))")
    done
    SERVER_PID=
    for size in 100 1024; do
      node "$ROOT/acceptance/node-client/compare.mjs" --servers "$(IFS=,; echo "${servers[*]}")" --config "payloadSize: $size" \
          --cycles "$INDEPENDENT_CYCLES" --window-ms 1500 --settle-ms 500 --warmup-ms 10000 \
        | node -e '
            const prefix = process.argv[1];
            require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
              const d = JSON.parse(line);
              if (d.error) { console.error("error: " + d.error); process.exit(1); }
              for (const [kind, eps] of Object.entries(d.events_per_s)) console.log(`kind=${kind} cycle=${d.cycle} ${prefix} events_per_s=${eps}`);
            });' "round=$round scenario=independent-$size" | tee -a "$RAW"
    done
    kill -TERM "${SERVER_PIDS[@]}" 2>/dev/null || true
    wait "${SERVER_PIDS[@]}" 2>/dev/null || true
    SERVER_PIDS=()
  done
}

part_floor() {
  drop_lines 'floor-'
  set_prop floor_seconds "$FLOOR_SECONDS"
  for round in $(seq 1 "$FLOOR_ROUNDS"); do
    record "kind=floor round=$round scenario=floor-1000 load=$(load1) $(java -Xmx256m -cp "$JAR" io.argogeneric.benchmarks.LatencyFloor --rate 1000 --duration "$FLOOR_SECONDS" | tail -1)"
  done
}

# heap in use after a full GC (KiB) and live threads of the server
server_footprint() {
  jcmd "$SERVER_PID" GC.run > /dev/null
  sleep 1
  echo "heap_kib=$(jcmd "$SERVER_PID" GC.heap_info | grep -oE 'used [0-9]+K' | sed -n 1p | grep -oE '[0-9]+') threads=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status")"
}

part_many_streams() {
  drop_lines 'streams1000-|idle-'
  local kind idle_client footprint log=$LOGS/idle
  for kind in sdk baseline; do
    start_server "$kind"
    client streams1000-rate10 "$kind" 1 --streams 1000 --rate 10 --payload-size 100 --duration "$MANY_SECONDS" --warmup 3
    stop_server
    start_server "$kind"
    load_client --server-pid "$SERVER_PID" --idle --streams "$IDLE_STREAMS" --channels "$IDLE_CHANNELS" --rate "$DAILY_RATE" \
      --duration 12 > "$log-$kind.out" 2> "$log-$kind.log" &
    idle_client=$!
    for _ in $(seq 1 1200); do grep -q "holding them" "$log-$kind.log" && break; sleep 0.1; done
    sleep 3 # let setup garbage settle before the footprint
    footprint=$(server_footprint)
    wait "$idle_client" || true
    record "kind=$kind round=1 scenario=idle-$IDLE_STREAMS $(tail -1 "$log-$kind.out") $footprint channels=$IDLE_CHANNELS"
    stop_server
  done
  set_prop many_seconds "$MANY_SECONDS"; set_prop idle_channels "$IDLE_CHANNELS"
}

part_jmh() {
  need "$JMH_JAR"
  # -prof gc: bytes allocated per operation, which unlike the scores does not move with the machine's load
  java -jar "$JMH_JAR" -f 1 -wi 2 -w 1 -i 3 -r 1 -prof gc -rf csv -rff "$RESULTS/jmh.csv" > "$LOGS/jmh.log" 2>&1 \
    || { echo "error: JMH run failed; see $LOGS/jmh.log" >&2; exit 1; }
}

part_webhook() {
  need "$WEBHOOK_JAR"
  drop_lines 'webhook-'
  local order kind subscribe
  for round in $(seq 1 "$WEBHOOK_ROUNDS"); do
    if (( round % 2 == 1 )); then order="bridge bridge-async bare"; else order="bare bridge-async bridge"; fi
    for kind in $order; do
      case $kind in
        bridge) subscribe=(--grpc-port "$PORT" --subscriber blocking) ;;
        bridge-async) subscribe=(--grpc-port "$PORT" --subscriber async) ;;
        *) subscribe=() ;;
      esac
      start_server "${kind%-async}"
      record "kind=$kind round=$round scenario=webhook-$WEBHOOK_CONNECTIONS at=$(now) load=$(load1) $(java -Xmx1g -cp "$JAR" \
        io.argogeneric.benchmarks.HttpLoadClient --port "$HTTP_PORT" --path /hook --connections "$WEBHOOK_CONNECTIONS" \
        --body-size "$WEBHOOK_BODY" --duration "$WEBHOOK_SECONDS" --warmup "$WEBHOOK_WARMUP" --server-pid "$SERVER_PID" \
        "${subscribe[@]}" 2>>"$LOGS/client.log" | tail -1)"
      stop_server
    done
  done
  set_prop webhook_warmup "$WEBHOOK_WARMUP"; set_prop webhook_seconds "$WEBHOOK_SECONDS"
}

# java -jar to gRPC health SERVING; the CDS archive is written by one extra start with -XX:ArchiveClassesAtExit
part_startup() {
  local sample sjar jsa variant opts
  need "$CALENDAR_JAR"; need "$WEBHOOK_JAR"
  drop_lines 'startup-'
  probe() { java -cp "$JAR" io.argogeneric.benchmarks.StartupProbe "$@" 2>>"$LOGS/startup.log" | tail -1; }
  for sample in calendar webhook; do
    if [[ $sample == calendar ]]; then sjar=$CALENDAR_JAR; else sjar=$WEBHOOK_JAR; fi
    jsa=$LOGS/$sample.jsa
    rm -f "$jsa"
    probe --label "$sample-cds-dump" --runs 1 -- java -XX:ArchiveClassesAtExit="$jsa" -jar "$sjar" --port '{port}' > /dev/null
    [[ -f $jsa ]] || { echo "error: no CDS archive written to $jsa" >&2; exit 1; }
    for variant in default c1 cds cds-c1; do
      case $variant in
        default) opts=() ;;
        c1) opts=(-XX:TieredStopAtLevel=1) ;;
        cds) opts=(-XX:SharedArchiveFile="$jsa") ;;
        cds-c1) opts=(-XX:SharedArchiveFile="$jsa" -XX:TieredStopAtLevel=1) ;;
      esac
      record "kind=$sample round=1 scenario=startup-$variant at=$(now) load=$(load1) $(probe --label "$sample" --runs "$STARTUP_RUNS" -- java "${opts[@]}" -jar "$sjar" --port '{port}')"
    done
  done
}

part_config_binding() {
  need "$JMH_JAR"
  drop_lines 'config-binding'
  java -jar "$JMH_JAR" ConfigBindingBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -rf csv -rff "$LOGS/jmh-config.csv" \
    > "$LOGS/jmh-config.log" 2>&1 || { echo "error: JMH run failed; see $LOGS/jmh-config.log" >&2; exit 1; }
  # JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
  record "kind=sdk round=1 scenario=config-binding load=$(load1) $(awk -F, 'NR == 2 { gsub(/"/, ""); printf "score=%.2f error=%.2f unit=%s", $5, $6, $7 }' "$LOGS/jmh-config.csv")"
}

# shellcheck source=image-parts.sh
source "$HERE/image-parts.sh"

for part in $PARTS; do
  started=$(now)
  "part_${part//-/_}"
  set_prop "measured.$part" "$started to $(now), load $(cut -d' ' -f1-3 /proc/loadavg) after"
done
if [[ -n $PARTS ]]; then
  set_prop cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  set_prop cores "$(nproc)"
  set_prop memory "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  set_prop kernel "$(uname -sr)"
  set_prop java "$(java -version 2>&1 | sed -n 2p)"
  set_prop server_heap "$SERVER_HEAP"
fi
java -cp "$JAR" io.argogeneric.benchmarks.report.Report "$RESULTS" "$HERE/performance-template.md" \
  "$DOCS/performance.md" "$DOCS/performance.svg"
