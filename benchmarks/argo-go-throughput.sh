#!/usr/bin/env bash
# Throughput and server CPU per event under the Go client that behaves like Argo's (issue 23, target 1).
# Four servers run side by side: the SDK firehose (sdk), the hand-written grpc-java baseline (baseline), a
# second baseline process (baseline2, the A/A control: its ratio to baseline is the method's own noise) and
# the raw grpc-go reference server (go). For each payload size, each server is read WARMUP_SECONDS (15)
# once, then CYCLES (7) cycles read every server in turn, in an order that rotates from cycle to cycle,
# with a fresh argo-client process for a WINDOW_SECONDS (6) s window. A window records the client's
# events/s (events / first-to-last event) and the server's CPU per event (utime+stime of its process over
# the window, from /proc, divided by the events the client got). Ratios are taken within a cycle, against
# baseline, and their medians over the cycles are printed; load from other processes moves all servers of
# a cycle alike.
#
# The raw lines replace RESULTS/argo-go-throughput.txt; the section between the argo-go-throughput markers
# of benchmarks/performance-template.md and docs/argo-go-throughput.svg are rewritten from them, and
# docs/performance.md from the template (Report).
#
# Needs benchmarks/target/firehose-eventsource.jar
#   (mvn -B package -DskipTests -pl benchmarks -am)
# and builds the Go tools with the shared build.sh into GO_BIN (benchmarks/target/argo-client-go) when
# they are missing.
#
# Settings (environment): CYCLES (7), WINDOW_SECONDS (6), WARMUP_SECONDS (15), SIZES ("100 1024"),
# KINDS ("sdk baseline baseline2 go"; a kind sdk-NAME is the SDK firehose from another jar, given as
# EXTRA_JARS="NAME=path/firehose-eventsource.jar ...", to compare SDK builds in the same run),
# PORT (18180, one port per kind from there), SERVER_HEAP (1g), JAR, GO_BIN, GO_TOOLS
# (/work/shared/tools/argo-client-go), RESULTS (benchmarks/results), DOCS (docs), TEMPLATE
# (benchmarks/performance-template.md), JFR_KIND (kinds whose JVMs record a JFR profile of the whole run
# to benchmarks/target/argo-go-throughput/KIND.jfr).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }
JAR=${JAR:-$HERE/target/firehose-eventsource.jar}
GO_BIN=${GO_BIN:-$HERE/target/argo-client-go}
GO_TOOLS=${GO_TOOLS:-/work/shared/tools/argo-client-go}
CYCLES=${CYCLES:-7} WINDOW_SECONDS=${WINDOW_SECONDS:-6} WARMUP_SECONDS=${WARMUP_SECONDS:-15}
SIZES=${SIZES:-100 1024}
read -r -a KINDS <<< "${KINDS:-sdk baseline baseline2 go}"
PORT=${PORT:-18180} SERVER_HEAP=${SERVER_HEAP:-1g} JFR_KIND=${JFR_KIND:-}
RESULTS=${RESULTS:-$HERE/results}
DOCS=${DOCS:-$ROOT/docs}
TEMPLATE=${TEMPLATE:-$HERE/performance-template.md}
RAW=$RESULTS/argo-go-throughput.txt
SVG=$DOCS/argo-go-throughput.svg
LOGS=$HERE/target/argo-go-throughput
TCK=$(getconf CLK_TCK)

[[ -f $JAR ]] || { echo "error: $JAR missing; build it first (see the top of $0)" >&2; exit 2; }
[[ " ${KINDS[*]} " == *" baseline "* ]] || { echo "error: KINDS must hold baseline (ratios are against it)" >&2; exit 2; }
declare -A EXTRA
for pair in ${EXTRA_JARS:-}; do EXTRA[${pair%%=*}]=${pair#*=}; done
for kind in "${KINDS[@]}"; do
  case $kind in
    sdk | baseline | baseline2 | go) ;;
    sdk-*) [[ -f ${EXTRA[${kind#sdk-}]:-} ]] || { echo "error: kind $kind needs EXTRA_JARS=\"${kind#sdk-}=<firehose jar>\"" >&2; exit 2; } ;;
    *) echo "error: unknown kind '$kind'; kinds: sdk sdk-NAME baseline baseline2 go" >&2; exit 2 ;;
  esac
done
if [[ ! -x $GO_BIN/argo-client || ! -x $GO_BIN/ref-server-go ]]; then
  "$GO_TOOLS/build.sh" "$GO_BIN" >&2
fi
mkdir -p "$RESULTS" "$LOGS" "$(dirname "$SVG")"

declare -A PID PORT_OF
trap 'for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime; field 2 is "(java)", no spaces

# start KIND PORT SIZE: starts a server and waits until its port takes connections
start() {
  local kind=$1 port=$2 size=$3 log=$LOGS/server-$1.log jfr=()
  [[ " $JFR_KIND " == *" $kind "* ]] && jfr=(-XX:StartFlightRecording=filename=$LOGS/$kind.jfr,settings=profile)
  case $kind in
    sdk) java -Xmx"$SERVER_HEAP" "${jfr[@]}" -jar "$JAR" --port "$port" --bind 127.0.0.1 > "$log" 2>&1 & ;;
    sdk-*) java -Xmx"$SERVER_HEAP" "${jfr[@]}" -jar "${EXTRA[${kind#sdk-}]}" --port "$port" --bind 127.0.0.1 > "$log" 2>&1 & ;;
    baseline | baseline2) java -Xmx"$SERVER_HEAP" "${jfr[@]}" -cp "$JAR" io.argogeneric.benchmarks.BaselineServer \
      --port "$port" --bind 127.0.0.1 > "$log" 2>&1 & ;;
    go) "$GO_BIN/ref-server-go" -port "$port" -size "$size" -quiet > "$log" 2>&1 & ;;
  esac
  PID[$kind]=$!
  PORT_OF[$kind]=$port
  for _ in $(seq 1 600); do
    (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && return 0
    kill -0 "${PID[$kind]}" 2> /dev/null || { echo "error: $kind server died; see $log" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: $kind server did not listen on $port within 60 s; see $log" >&2
  exit 1
}

stop() {
  kill -TERM "${PID[$1]}" 2> /dev/null || true
  wait "${PID[$1]}" 2> /dev/null || true
  unset "PID[$1]"
}

# read_window KIND SIZE SECONDS: one fresh argo-client reads KIND; prints events, events/s, CPU us/event
read_window() {
  local kind=$1 size=$2 seconds=$3 pid=${PID[$1]} before after summary
  before=$(cpu_ticks "$pid")
  # -retry 100ms: Argo's 5 s ticker would spend most of the window before the first dial
  summary=$("$GO_BIN/argo-client" -url "127.0.0.1:${PORT_OF[$kind]}" -config "payloadSize: $size" -retry 100ms \
    -duration "${seconds}s" -quiet 2>> "$LOGS/client.log" | tail -1)
  after=$(cpu_ticks "$pid")
  awk -v s="$summary" -v ticks=$(( after - before )) -v tck="$TCK" 'BEGIN {
    n = split(s, w, " "); for (i = 1; i <= n; i++) { split(w[i], kv, "="); f[kv[1]] = kv[2] }
    if (f["events"] + 0 == 0) { print "error: no events: " s > "/dev/stderr"; exit 1 }
    printf "events=%d seconds=%s events_per_s=%.0f cpu_us_per_event=%.3f errors=%s reconnects=%s",
      f["events"], f["seconds"], f["rate"], ticks * 1e6 / tck / f["events"], f["errors"], f["reconnects"] }'
}

if [[ -z ${REPORT_ONLY:-} ]]; then
  : > "$RAW"
  started=$(now)
  for size in $SIZES; do
    # fresh servers per size: the go reference server streams one fixed size
    for i in "${!KINDS[@]}"; do start "${KINDS[$i]}" $(( PORT + i )) "$size"; done
    for kind in "${KINDS[@]}"; do
      read_window "$kind" "$size" "$WARMUP_SECONDS" > /dev/null # JIT, heap sizing, connection code: not recorded
    done
    for cycle in $(seq 1 "$CYCLES"); do
      n=${#KINDS[@]}
      for j in $(seq 0 $(( n - 1 ))); do
        kind=${KINDS[$(( (cycle - 1 + j) % n ))]} # each cycle starts one server later
        echo "kind=$kind cycle=$cycle order=$(( j + 1 )) scenario=throughput-$size at=$(now) load=$(cut -d' ' -f1 /proc/loadavg) $(read_window "$kind" "$size" "$WINDOW_SECONDS")" | tee -a "$RAW"
      done
    done
    for kind in "${KINDS[@]}"; do stop "$kind"; done
  done
  {
    echo "# run: $started to $(now), $CYCLES cycles, $WINDOW_SECONDS s windows, $WARMUP_SECONDS s warm-up per server and size, load $(cut -d' ' -f1-3 /proc/loadavg) after"
    echo "# kinds: ${KINDS[*]}${EXTRA_JARS:+ (extra jars: $EXTRA_JARS)}"
    echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | sed -n 2p)"
  } >> "$RAW"
fi
[[ -s $RAW ]] || { echo "error: no raw lines in $RAW" >&2; exit 1; }

# Per-cycle ratios against baseline and their medians: printed, and written as the template's section
# (SECTION) with an SVG chart of the ratios.
SECTION=$LOGS/section.md
awk -v svg="$SVG" -v section="$SECTION" '
  function median(a, n,   i, j, t, b) {
    for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 2; i <= n; i++) { t = b[i]; for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]; b[j + 1] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
  }
  function fmin(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
  function fmax(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
  function label(k) {
    if (k == "sdk") return "SDK firehose"
    if (k == "baseline") return "grpc-java baseline A"
    if (k == "baseline2") return "grpc-java baseline B (A/A control)"
    if (k == "go") return "grpc-go ref-server-go"
    if (k ~ /^sdk-/) return "SDK firehose at " substr(k, 5)
    return k
  }
  /^# run: / { run = substr($0, 8); next }
  /^# machine: / { machine = substr($0, 12); next }
  /^# kinds: / { next }
  /^#/ || NF == 0 { next }
  {
    delete f
    for (i = 1; i <= NF; i++) { eq = index($i, "="); f[substr($i, 1, eq - 1)] = substr($i, eq + 1) }
    sc = f["scenario"]; sub(/^throughput-/, "", sc)
    if (!(sc in seen)) { seen[sc] = 1; sizes[++nsizes] = sc }
    if (!(f["kind"] in kseen)) { kseen[f["kind"]] = 1; k[++nk] = f["kind"] }
    eps[sc, f["cycle"], f["kind"]] = f["events_per_s"]; cpu[sc, f["cycle"], f["kind"]] = f["cpu_us_per_event"]
    if (f["cycle"] + 0 > cycles) cycles = f["cycle"] + 0
  }
  END {
    # kinds in a fixed order: sdk builds, then the baselines, then go
    n2 = 0
    for (i = 1; i <= nk; i++) if (k[i] ~ /^sdk/) o[++n2] = k[i]
    for (i = 1; i <= nk; i++) if (k[i] == "baseline") o[++n2] = k[i]
    for (i = 1; i <= nk; i++) if (k[i] !~ /^sdk/ && k[i] != "baseline") o[++n2] = k[i]
    for (i = 1; i <= nk; i++) k[i] = o[i]
    for (s = 1; s <= nsizes; s++) for (c = 1; c <= cycles; c++) for (i = 1; i <= nk; i++) {
      sc = sizes[s]
      R[sc, k[i], "eps", c] = eps[sc, c, k[i]] / eps[sc, c, "baseline"]
      R[sc, k[i], "cpu", c] = cpu[sc, c, k[i]] / cpu[sc, c, "baseline"]
    }
    print "Medians of the within-cycle ratios to grpc-java baseline A (min-max over " cycles " cycles), and medians of" > section
    print "the figures themselves. " run "." > section
    print "" > section
    print "| Size | Server | events/s | server CPU per event | events/s ratio | CPU per event ratio |" > section
    print "|---|---|---:|---:|---:|---:|" > section
    for (s = 1; s <= nsizes; s++) {
      sc = sizes[s]
      for (i = 1; i <= nk; i++) {
        for (c = 1; c <= cycles; c++) { e[c] = eps[sc, c, k[i]]; u[c] = cpu[sc, c, k[i]] }
        me = median(e, cycles); mu = median(u, cycles)
        if (k[i] == "baseline") { rt = "1"; rcp = "1" }
        else {
          for (c = 1; c <= cycles; c++) { e[c] = R[sc, k[i], "eps", c]; u[c] = R[sc, k[i], "cpu", c] }
          M[sc, k[i], "eps"] = median(e, cycles); M[sc, k[i], "cpu"] = median(u, cycles)
          rt = sprintf("**%.2fx** (%.2f-%.2f)", M[sc, k[i], "eps"], fmin(e, cycles), fmax(e, cycles))
          rcp = sprintf("**%.2fx** (%.2f-%.2f)", M[sc, k[i], "cpu"], fmin(u, cycles), fmax(u, cycles))
        }
        printf "| %s B | %s | %.0f | %.2f us | %s | %s |\n", sc, label(k[i]), me, mu, rt, rcp > section
      }
    }
    print "" > section
    print "Each cycle, events/s ratio / CPU per event ratio to baseline A:" > section
    print "" > section
    hdr = "| Size | Cycle |"; sep = "|---|---:|"
    for (i = 1; i <= nk; i++) if (k[i] != "baseline") { hdr = hdr " " label(k[i]) " |"; sep = sep "---:|" }
    print hdr > section; print sep > section
    for (s = 1; s <= nsizes; s++) for (c = 1; c <= cycles; c++) {
      sc = sizes[s]; line = sprintf("| %s B | %d |", sc, c); con = sprintf("%5s B cycle %d:", sc, c)
      for (i = 1; i <= nk; i++) {
        if (k[i] == "baseline") continue
        line = line sprintf(" %.2f / %.2f |", R[sc, k[i], "eps", c], R[sc, k[i], "cpu", c])
        con = con sprintf("  %s %.3f | %.3f", k[i], R[sc, k[i], "eps", c], R[sc, k[i], "cpu", c])
      }
      print line > section; print con
    }
    print "" > section
    print "![ratios to the grpc-java baseline per cycle and their medians](argo-go-throughput.svg)" > section
    print "" > section
    print "Machine: " machine "." > section
    # chart: one row per (size, measure, server), a dot per cycle and a bar at the median; 1.00 marked
    lo = 0.5; hi = 1.5; x0 = 330; w = 440; rowh = 20; y = 50; rows = ""
    for (s = 1; s <= nsizes; s++) for (m = 1; m <= 2; m++) {
      for (i = 1; i <= nk; i++) {
        if (k[i] == "baseline") continue
        sc = sizes[s]; meas = m == 1 ? "eps" : "cpu"
        rows = rows sprintf("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s B %s: %s</text>\n", x0 - 8, y + 4, sc, meas == "eps" ? "events/s" : "CPU/event", label(k[i]))
        for (c = 1; c <= cycles; c++) {
          v = R[sc, k[i], meas, c]; v = v < lo ? lo : v > hi ? hi : v
          rows = rows sprintf("<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"#7f8c8d\" fill-opacity=\"0.6\"/>\n", x0 + (v - lo) / (hi - lo) * w, y)
        }
        v = M[sc, k[i], meas]; vc = v < lo ? lo : v > hi ? hi : v
        rows = rows sprintf("<rect x=\"%.1f\" y=\"%d\" width=\"3\" height=\"14\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%.2f</text>\n", x0 + (vc - lo) / (hi - lo) * w - 1.5, y - 7, k[i] ~ /^sdk/ ? "#c0392b" : "#2c3e50", x0 + w + 10, y + 4, v)
        y += rowh
      }
      y += 10
    }
    H = y + 30
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"830\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", H > svg
    printf "<rect width=\"830\" height=\"%d\" fill=\"white\"/>\n", H > svg
    printf "<text x=\"10\" y=\"18\" font-size=\"13\">Ratio to grpc-java baseline A under the Go Argo-like client: dots are cycles, the bar the median</text>\n" > svg
    printf "<text x=\"10\" y=\"34\" font-size=\"11\">events/s: right is faster; CPU per event: left is cheaper; values outside 0.5-1.5 sit on the edge</text>\n" > svg
    for (t = lo; t <= hi + 1e-9; t += 0.1) {
      x = x0 + (t - lo) / (hi - lo) * w
      printf "<line x1=\"%.1f\" y1=\"40\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n", x, x, y, (t > 0.99 && t < 1.01) ? "#000" : "#ddd" > svg
      printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>\n", x, y + 16, t > svg
    }
    printf "%s</svg>\n", rows > svg
  }' "$RAW"
echo "raw lines: $RAW"

# the section between the markers of the template, then docs/performance.md from it
awk -v section="$SECTION" '
  /^<!-- argo-go-throughput:start/ { print; while ((getline line < section) > 0) print line; skip = 1; next }
  /^<!-- argo-go-throughput:end/ { skip = 0 }
  !skip' "$TEMPLATE" > "$TEMPLATE.tmp" && mv "$TEMPLATE.tmp" "$TEMPLATE"
grep -q '^<!-- argo-go-throughput:start' "$TEMPLATE" || echo "warning: no argo-go-throughput markers in $TEMPLATE: section not written" >&2
java -cp "$JAR" io.argogeneric.benchmarks.report.Report "$RESULTS" "$TEMPLATE" "$DOCS/performance.md" "$DOCS/performance.svg"
