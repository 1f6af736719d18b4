#!/usr/bin/env bash
# The webhook bridge on JetStream against the bridge on its own, in one run: POSTs/s answered 2xx at
# saturation and delivery latency (POST sent -> event read by an Argo-like gRPC subscriber), for
#   file         one bridge, --store DIR, as docs/operations.md advises without JetStream (the bridge keeps
#                no requests there: its 2xx means the event is in the stream's buffer, in memory)
#   jetstream    one bridge, --jetstream nats://... (a 2xx once JetStream stored the request)
#   jetstream-3  three bridges, --jetstream, HTTP load spread over all three; the subscriber holds the
#                stream on the first, which delivers everything
#   file-again   the first configuration once more, last: an A/A control of the machine's drift
# Each configuration is started fresh and measured three times with io.argogeneric.benchmarks.WebhookDeliveryClient:
#   flat      CONNECTIONS (64) keep-alive connections POSTing BODY (1024) bytes back to back,
#             WARMUP (5) s then MEASURE (10) s
#   rate      RATE (500) POSTs/s on a fixed schedule over RATE_CONNECTIONS (16) connections, RATE_WARMUP (3) s
#             then RATE_SECONDS (10) s: latency without queueing
#   rate-low  the same at LOW_RATE (20) POSTs/s over 4 connections: webhook traffic as it usually is
# each waiting until every request answered 2xx has arrived (lost= counts those that did not). Ratios are
# against `file` of the same run. One nats-server (JetStream, file storage in a temp dir) serves all;
# each JetStream configuration has its own stream and KV bucket. The bridges take up to 1000 requests in
# flight per client address (--http-max-requests-per-client), as the load comes from one address that
# stands for many senders. About 5 minutes on an idle 2-core machine, a third of it JetStream delivering the
# backlog of the flat runs (one endpoint delivers 700-850 events/s; the flat runs store thousands a second).
# Builds nothing: first run
#   mvn -B -q -o -pl benchmarks,samples/webhook-bridge -am package -DskipTests
# Needs nats-server on the PATH (Debian: apt-get install nats-server). The raw key=value lines, after a
# line on the machine, go to RESULTS (benchmarks/results)/webhook-jetstream.txt; the tables to stdout and
# OUT (benchmarks/target/webhook-jetstream)/tables.md, the processes' logs to OUT.
# CONFIGS picks configurations (default: file jetstream jetstream-3 file-again).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }
JAR=$HERE/target/firehose-eventsource.jar
WEBHOOK_JAR=$ROOT/samples/webhook-bridge/target/webhook-bridge-eventsource.jar
OUT=${OUT:-$HERE/target/webhook-jetstream}
RESULTS=${RESULTS:-$HERE/results}
CONFIGS=${CONFIGS:-file jetstream jetstream-3 file-again}
CONNECTIONS=${CONNECTIONS:-64} BODY=${BODY:-1024} WARMUP=${WARMUP:-5} MEASURE=${MEASURE:-10}
RATE=${RATE:-500} RATE_CONNECTIONS=${RATE_CONNECTIONS:-16} RATE_WARMUP=${RATE_WARMUP:-3} RATE_SECONDS=${RATE_SECONDS:-10}
LOW_RATE=${LOW_RATE:-20}
SERVER_HEAP=${SERVER_HEAP:-512m} NATS_PORT=${NATS_PORT:-24222} GRPC_PORT=${GRPC_PORT:-27180}
HTTP_PORT=${HTTP_PORT:-27190}

for c in $CONFIGS; do
  [[ " file jetstream jetstream-3 file-again " == *" $c "* ]] \
    || { echo "error: unknown configuration '$c'; configurations: file jetstream jetstream-3 file-again" >&2; exit 2; }
done
for f in "$JAR" "$WEBHOOK_JAR"; do
  [[ -f $f ]] || { echo "error: $f missing; build it first (see the top of $0)" >&2; exit 2; }
done
command -v nats-server > /dev/null || { echo "error: nats-server not on the PATH (Debian: apt-get install nats-server)" >&2; exit 2; }
mkdir -p "$OUT" "$RESULTS"
RAW=$RESULTS/webhook-jetstream.txt
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); $(uname -sr); $(java -version 2>&1 | sed -n 2p); $(nats-server --version); load $(cut -d' ' -f1-3 /proc/loadavg) at start" > "$RAW"
TMP=$(mktemp -d)
NATS_PID=
BRIDGE_PIDS=()
cleanup() {
  kill "${BRIDGE_PIDS[@]}" $NATS_PID 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
load1() { cut -d' ' -f1 /proc/loadavg; }

start_nats() {
  nats-server -js -sd "$TMP/jetstream" -a 127.0.0.1 -p "$NATS_PORT" > "$OUT/nats.log" 2>&1 &
  NATS_PID=$!
  for _ in $(seq 1 100); do
    grep -q "Server is ready" "$OUT/nats.log" && return 0
    kill -0 "$NATS_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "error: nats-server did not start; see $OUT/nats.log" >&2
  exit 1
}

# start_bridge CONFIG I FLAGS...: replica I (its own gRPC and HTTP port), waits until it serves
start_bridge() {
  local config=$1 i=$2 log=$OUT/bridge-$1-$2.log
  shift 2
  java -Xmx"$SERVER_HEAP" -jar "$WEBHOOK_JAR" --port $(( GRPC_PORT + i )) --bind 127.0.0.1 \
    --http-port $(( HTTP_PORT + i )) --http-bind 127.0.0.1 --http-max-requests-per-client 1000 "$@" > "$log" 2>&1 &
  BRIDGE_PIDS+=($!)
  for _ in $(seq 1 600); do
    grep -q "serving gRPC on port" "$log" && return 0
    kill -0 "${BRIDGE_PIDS[-1]}" 2>/dev/null || { echo "error: bridge died; see $log" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: bridge did not start within 60 s; see $log" >&2
  exit 1
}

stop_bridges() {
  kill -TERM "${BRIDGE_PIDS[@]}" 2>/dev/null || true
  wait "${BRIDGE_PIDS[@]}" 2>/dev/null || true
  BRIDGE_PIDS=()
}

measure() {
  local config=$1 replicas=$2 targets=() i
  for i in $(seq 0 $(( replicas - 1 ))); do targets+=("127.0.0.1:$(( HTTP_PORT + i ))"); done
  local common=(--targets "$(IFS=,; echo "${targets[*]}")" --grpc "127.0.0.1:$GRPC_PORT" --body-size "$BODY"
    --server-pids "$(IFS=,; echo "${BRIDGE_PIDS[*]}")" --nats-pid "$NATS_PID")
  client() {
    local phase=$1 line
    shift
    line=$(java -Xmx512m -cp "$JAR" io.argogeneric.benchmarks.WebhookDeliveryClient "${common[@]}" "$@" 2>>"$OUT/client.log" | tail -1)
    [[ -n $line ]] || { echo "error: the client failed; see $OUT/client.log" >&2; exit 1; }
    echo "config=$config phase=$phase at=$(now) load=$(load1) $line" | tee -a "$RAW"
  }
  client flat --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$MEASURE"
  client rate --connections "$RATE_CONNECTIONS" --rate "$RATE" --warmup "$RATE_WARMUP" --duration "$RATE_SECONDS"
  client rate-low --connections 4 --rate "$LOW_RATE" --warmup "$RATE_WARMUP" --duration "$RATE_SECONDS"
}

start_nats
started=$(now)
for config in $CONFIGS; do
  case $config in
    file | file-again)
      start_bridge "$config" 0 --store "$TMP/store-$config"
      measure "$config" 1 ;;
    jetstream)
      start_bridge "$config" 0 --jetstream "nats://127.0.0.1:$NATS_PORT?stream=BENCH_1&kv=bench-1"
      measure "$config" 1 ;;
    jetstream-3)
      for i in 0 1 2; do start_bridge "$config" "$i" --jetstream "nats://127.0.0.1:$NATS_PORT?stream=BENCH_3&kv=bench-3"; done
      measure "$config" 3 ;;
  esac
  stop_bridges
done

# the tables, one row per configuration (each ran once); ratios against `file`
tables() {
  awk -v started="$started" -v finished="$(now)" '
    function v(key,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) return kv[2] } return "" }
    function label(c) {
      if (c == "file") return "1 bridge, --store DIR"
      if (c == "jetstream") return "1 bridge, --jetstream"
      if (c == "jetstream-3") return "3 bridges, --jetstream"
      return "1 bridge, --store DIR (again, last)"
    }
    function ratio(x, base) { return base > 0 ? sprintf("%.2fx", x / base) : "-" }
    function ms(us) { return sprintf("%.1f", us / 1000) }
    function codes(count, which) { return count == 0 ? "0" : count " (" which ")" }
    /^#/ { next }
    { c = v("config"); p = v("phase"); n[c, p] = $0; if (!(c in seen)) { seen[c] = 1; order[++k] = c } }
    END {
      print "Flat out: " v2("connections") " connections POSTing back to back; POSTs answered 2xx in the measured window. Delivered/s: events the subscriber read while the load ran, and after it stopped (the backlog JetStream held)."
      print ""
      print "| configuration | POSTs/s (2xx) | ratio | HTTP p50 / p99 (ms) | non-2xx | delivered/s during load | delivered/s after load | backlog drained in (s) | 2xx in run | lost | duplicates | CPU us/POST: bridges | nats-server |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      $0 = n["file", "flat"]; base = v("requests_per_s")
      for (j = 1; j <= k; j++) {
        $0 = n[order[j], "flat"]
        if ($0 == "") continue
        printf "| %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label(order[j]), v("requests_per_s"),
          ratio(v("requests_per_s"), base), ms(v("http_p50_us")), ms(v("http_p99_us")), codes(v("non_2xx"), v("non_2xx_codes")),
          v("delivered_per_s"), v("drain_per_s") == 0 ? "-" : v("drain_per_s"), v("drain_s"), v("ok_total"), v("lost"), v("duplicates"),
          v("server_cpu_us_per_request"), v("nats_cpu_us_per_request")
      }
      print ""
      print "Paced: POSTs on a fixed schedule (" v3("rate", "rate") " a second over " v3("rate", "connections") " connections, and " v3("rate-low", "rate") " over " v3("rate-low", "connections") "); delivery latency is POST sent -> event read by the subscriber, of the POSTs sent in the measured window."
      print ""
      print "| configuration | POSTs/s (2xx) | delivery p50 / p99 / max (ms) | ratio p50 | HTTP p50 / p99 (ms) | non-2xx | 2xx in run | lost | duplicates |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
      for (q = 1; q <= 2; q++) {
        p = q == 1 ? "rate" : "rate-low"
        $0 = n["file", p]; base = v("delivery_p50_us")
        for (j = 1; j <= k; j++) {
          $0 = n[order[j], p]
          if ($0 == "") continue
          printf "| %s | %s | %s / %s / %s | %s | %s / %s | %s | %s | %s | %s |\n", label(order[j]), v("requests_per_s"),
            ms(v("delivery_p50_us")), ms(v("delivery_p99_us")), ms(v("delivery_max_us")), ratio(v("delivery_p50_us"), base),
            ms(v("http_p50_us")), ms(v("http_p99_us")), codes(v("non_2xx"), v("non_2xx_codes")), v("ok_total"), v("lost"), v("duplicates")
        }
      }
      print ""
      print "Measured " started " to " finished "."
    }
    function v2(key) { $0 = n[order[1], "flat"]; return v(key) }
    function v3(phase, key) { $0 = n[order[1], phase]; return v(key) }
  ' "$RAW"
}
tables | tee "$OUT/tables.md"
lost=$(grep -oE ' lost=[0-9]+' "$RAW" | awk -F= '{ s += $2 } END { print s + 0 }')
if (( lost > 0 )); then echo "LOST: $lost requests answered 2xx never arrived (see $RAW)" >&2; exit 1; fi
