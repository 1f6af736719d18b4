# The container image's parts of run-comparison.sh (sourced by it): they replay docs/deploy/Dockerfile's
# steps on this machine, with no container engine, on a JDK of the same major version as its FROM line.
#   image-startup  the Dockerfile's training RUN writes the class-data cache, then STARTUP_RUNS (5) starts of
#                  its ENTRYPOINT (in a FOOTPRINT_LIMIT cgroup) and of plain `java -jar` on JAVA17, to SERVING
#   footprint      (root: cgroup v1) each sample in a memory cgroup of FOOTPRINT_LIMIT (128Mi), started three
#                  ways: "image" (ENTRYPOINT as above), "flags-before" (the same JDK with the image's former
#                  flags) and "image-before" (the former image: JAVA17 and its former flags). Idle RSS and
#                  threads after FOOTPRINT_IDLE (12) s, then a load of FOOTPRINT_SECONDS (20) s: the calendar
#                  with CALENDAR_STREAMS (50) Argo-like Go clients (a stream each, interval CALENDAR_INTERVAL),
#                  the webhook bridge with HttpLoadClient (FOOTPRINT_WEBHOOK_CONNECTIONS (16) senders flat out,
#                  WEBHOOK_BODY bytes). Then peak RSS, the cgroup's
#                  peak and failcnt, OOM kills, OutOfMemoryError in the log, process alive. FOOTPRINT_ROUNDS (2);
#                  FOOTPRINT_VARIANTS and FOOTPRINT_SAMPLES narrow it down. A run at another FOOTPRINT_LIMIT
#                  (say 256Mi, where the former flags survive the loads too) keeps its own lines, for throughput.
# IMAGE_JAVA (the JDK under /usr/lib/jvm whose major version is the FROM line's) and JAVA17 pick the JDKs;
# ARGO_CLIENT (benchmarks/target/go/argo-client) is built by /work/shared/tools/argo-client-go/build.sh.
DOCKERFILE=$ROOT/docs/deploy/Dockerfile
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
FOOTPRINT_LIMIT=${FOOTPRINT_LIMIT:-128Mi} FOOTPRINT_IDLE=${FOOTPRINT_IDLE:-12} FOOTPRINT_SECONDS=${FOOTPRINT_SECONDS:-20}
FOOTPRINT_ROUNDS=${FOOTPRINT_ROUNDS:-2} CALENDAR_STREAMS=${CALENDAR_STREAMS:-50} CALENDAR_INTERVAL=${CALENDAR_INTERVAL:-50ms}
FOOTPRINT_WEBHOOK_CONNECTIONS=${FOOTPRINT_WEBHOOK_CONNECTIONS:-16}
FOOTPRINT_VARIANTS=${FOOTPRINT_VARIANTS:-image flags-before image-before} FOOTPRINT_SAMPLES=${FOOTPRINT_SAMPLES:-calendar webhook}
ARGO_CLIENT=${ARGO_CLIENT:-$HERE/target/go/argo-client}
BEFORE_FLAGS=(-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError) # the image's flags before issue 23
CGROUP=/sys/fs/cgroup/memory/argogeneric-image-$$
IMAGE_PORT=${IMAGE_PORT:-18580} # gRPC; admin and (webhook) HTTP on the next two

# image_java: the JDK of the Dockerfile's FROM line (eclipse-temurin:MAJOR-jre)
image_java() {
  local major java
  major=$(sed -nE 's/^FROM eclipse-temurin:([0-9]+)-.*/\1/p' "$DOCKERFILE")
  [[ -n $major ]] || { echo "error: no eclipse-temurin:MAJOR FROM line in $DOCKERFILE" >&2; exit 2; }
  for java in ${IMAGE_JAVA:-} /usr/lib/jvm/*/bin/java; do
    if [[ -x $java ]] && "$java" -version 2>&1 | head -1 | grep -qE "version \"$major[.\"]"; then echo "$java"; return; fi
  done
  echo "error: no JDK $major under /usr/lib/jvm for $DOCKERFILE's FROM line; set IMAGE_JAVA" >&2
  exit 2
}

# image_step RUN|ENTRYPOINT JAR SAMPLE [N]: the Nth (1) exec-form step of that kind, its words, with the image's
# paths made local ones (JAR is the image's /app/eventsource.jar: image_train's copy, which its steps rewrite)
image_step() {
  local line
  line=$(grep -E "^$1 \[" "$DOCKERFILE" | sed -n "${4:-1}p")
  [[ -n $line ]] || { echo "error: no exec-form $1 number ${4:-1} in $DOCKERFILE" >&2; exit 2; }
  sed -E 's/^[A-Z]+ \[//; s/\]$//' <<< "$line" | grep -oE '"([^"\\]|\\.)*"' | sed -E 's/^"//; s/"$//' \
    | sed -e "s|^java\$|$IMAGE_JAVA_BIN|" -e "s|/app/jvm.options|$ROOT/docs/deploy/jvm.options|" \
      -e "s|/app/UpgradeOldClassFiles.java|$ROOT/docs/deploy/UpgradeOldClassFiles.java|" \
      -e "s|/app/eventsource.jar|$2|" -e "s|/app/eventsource.aot|$LOGS/$3.aot|"
}
# image_jar SAMPLE: the image's jar for SAMPLE, as image_train left it
image_jar() { echo "$LOGS/$1.jar"; }

bytes_of() { numfmt --from=iec-i "$1"; }
cgroup_make() {
  [[ -d /sys/fs/cgroup/memory && -w /sys/fs/cgroup/memory ]] \
    || { echo "error: part footprint needs root and the cgroup v1 memory controller at /sys/fs/cgroup/memory" >&2; exit 2; }
  mkdir -p "$CGROUP"
  bytes_of "$FOOTPRINT_LIMIT" > "$CGROUP/memory.limit_in_bytes"
  echo 0 > "$CGROUP/memory.max_usage_in_bytes"
  echo 0 > "$CGROUP/memory.failcnt"
}
cgroup_remove() { [[ -d $CGROUP ]] && rmdir "$CGROUP" 2>/dev/null || true; }
# sh -c "$IN_CGROUP" "$CGROUP" CMD...: CMD inside the group from its first instruction, so the JVM sizes
# itself by the limit as in a container
IN_CGROUP='echo $$ > "$0/cgroup.procs" && exec "$@"'
oom_kills() { awk '/^oom_kill / {print $2; f=1} END {if (!f) print 0}' "$CGROUP/memory.oom_control"; }
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; } # 0: process gone

# image_train SAMPLE JAR: the Dockerfile's RUN steps in order, on a copy of JAR (image_jar): the class-file
# upgrade, then the training run, which writes $LOGS/SAMPLE.aot
image_train() {
  local step n runs
  runs=$(grep -cE '^RUN \[' "$DOCKERFILE")
  cp "$2" "$(image_jar "$1")"
  rm -f "$LOGS/$1.aot"
  : > "$LOGS/train-$1.log"
  for n in $(seq 1 "$runs"); do
    mapfile -t step < <(image_step RUN "$(image_jar "$1")" "$1" "$n")
    (cd "$LOGS" && "${step[@]}") >> "$LOGS/train-$1.log" 2>&1 || { echo "error: RUN step $n failed; see $LOGS/train-$1.log" >&2; exit 1; }
  done
  [[ -f $LOGS/$1.aot ]] || { echo "error: the training run wrote no $LOGS/$1.aot" >&2; exit 1; }
}

part_image_startup() {
  local sample sjar entry
  need "$CALENDAR_JAR"; need "$WEBHOOK_JAR"
  IMAGE_JAVA_BIN=$(image_java)
  drop_lines 'image-startup-'
  cgroup_make
  probe() { java -cp "$JAR" io.argogeneric.benchmarks.StartupProbe "$@" 2>>"$LOGS/startup.log" | tail -1; }
  for sample in calendar webhook; do
    if [[ $sample == calendar ]]; then sjar=$CALENDAR_JAR; else sjar=$WEBHOOK_JAR; fi
    image_train "$sample" "$sjar"
    mapfile -t entry < <(image_step ENTRYPOINT "$(image_jar "$sample")" "$sample")
    record "kind=$sample round=1 scenario=image-startup-image at=$(now) load=$(load1) aot_kib=$(( $(stat -c %s "$LOGS/$sample.aot") / 1024 )) \
$(probe --label "$sample-image" --runs "$STARTUP_RUNS" -- sh -c "$IN_CGROUP" "$CGROUP" "${entry[@]}" --port '{port}')"
    record "kind=$sample round=1 scenario=image-startup-jar17 at=$(now) load=$(load1) $(probe --label "$sample-jar17" --runs "$STARTUP_RUNS" -- "$JAVA17" -jar "$sjar" --port '{port}')"
  done
  cgroup_remove
  image_chart
  set_prop image_java "$("$IMAGE_JAVA_BIN" -version 2>&1 | sed -n 2p)"
  set_prop java17 "$("$JAVA17" -version 2>&1 | sed -n 2p)"
}

# footprint_run VARIANT SAMPLE ROUND: one server in the cgroup: idle, load, verdict; records one line
footprint_run() {
  local variant=$1 sample=$2 round=$3 sjar cmd app log=$LOGS/footprint-$1-$2.log pid idle_rss idle_anon threads load_line
  local pids=() i events=0 peak_rss scenario=footprint-$2
  if [[ $sample == calendar ]]; then sjar=$CALENDAR_JAR; else sjar=$WEBHOOK_JAR scenario+=$FOOTPRINT_WEBHOOK_CONNECTIONS; fi
  scenario+=-$FOOTPRINT_LIMIT
  app=(--port "$IMAGE_PORT" --admin-port $(( IMAGE_PORT + 1 )) --bind 127.0.0.1)
  [[ $sample == webhook ]] && app+=(--http-port $(( IMAGE_PORT + 2 )) --http-bind 127.0.0.1)
  case $variant in
    image) mapfile -t cmd < <(image_step ENTRYPOINT "$(image_jar "$sample")" "$sample") ;;
    flags-before) cmd=("$IMAGE_JAVA_BIN" "${BEFORE_FLAGS[@]}" -jar "$sjar") ;;
    image-before) cmd=("$JAVA17" "${BEFORE_FLAGS[@]}" -jar "$sjar") ;;
  esac
  cgroup_make
  sh -c "$IN_CGROUP" "$CGROUP" "${cmd[@]}" "${app[@]}" > "$log" 2>&1 &
  pid=$! # sh execs java: the same process
  SERVER_PID=$pid
  for _ in $(seq 1 600); do grep -q "serving gRPC on port" "$log" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  grep -q "serving gRPC on port" "$log" || { echo "error: $variant $sample did not start; see $log" >&2; exit 1; }
  sleep "$FOOTPRINT_IDLE"
  idle_rss=$(status_kib "$pid" VmRSS) idle_anon=$(status_kib "$pid" RssAnon) threads=$(status_kib "$pid" Threads)
  if [[ $sample == calendar ]]; then
    for i in $(seq 1 "$CALENDAR_STREAMS"); do
      "$ARGO_CLIENT" -url "127.0.0.1:$IMAGE_PORT" -name "cal-$i" -config "interval: $CALENDAR_INTERVAL" -retry 1s \
        -duration "$(( FOOTPRINT_SECONDS + 1 ))s" -quiet > "$LOGS/argo-client-$i.out" 2>&1 &
      pids+=($!)
    done
    local cpu0 cpu1
    cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    wait "${pids[@]}" || true
    cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) # 0: killed
    # each client's last line: events=N bytes=B ... (a client that got nothing counts 0)
    events=$(for i in $(seq 1 "$CALENDAR_STREAMS"); do tail -1 "$LOGS/argo-client-$i.out"; done \
      | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^events=/) {split($i, kv, "="); n += kv[2]}} END {print n + 0}')
    load_line="streams=$CALENDAR_STREAMS interval=$CALENDAR_INTERVAL events=$events events_per_s=$(( events / FOOTPRINT_SECONDS )) \
server_cpu_us_per_event=$(awk -v c=$(( cpu1 - cpu0 )) -v e="$events" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", e ? c / hz * 1e6 / e : 0}')"
  else
    load_line=$(java -Xmx1g -cp "$JAR" io.argogeneric.benchmarks.HttpLoadClient --port $(( IMAGE_PORT + 2 )) --path /hook \
      --connections "$FOOTPRINT_WEBHOOK_CONNECTIONS" --body-size "$WEBHOOK_BODY" --duration "$FOOTPRINT_SECONDS" --warmup 5 \
      --server-pid "$pid" --grpc-port "$IMAGE_PORT" --subscriber blocking 2>>"$LOGS/client.log" | tail -1 || true)
  fi
  peak_rss=$(status_kib "$pid" VmHWM)
  local alive=1 rss_after anon_after
  rss_after=$(status_kib "$pid" VmRSS) anon_after=$(status_kib "$pid" RssAnon)
  kill -0 "$pid" 2>/dev/null || alive=0
  record "kind=$variant round=$round scenario=$scenario at=$(now) load=$(load1) limit=$FOOTPRINT_LIMIT \
idle_rss_kib=$idle_rss idle_anon_kib=$idle_anon idle_threads=$threads peak_rss_kib=$peak_rss rss_after_kib=$rss_after anon_after_kib=$anon_after \
cgroup_peak_kib=$(( $(cat "$CGROUP/memory.max_usage_in_bytes") / 1024 )) failcnt=$(cat "$CGROUP/memory.failcnt") \
oom_kills=$(oom_kills) oome=$(grep -c OutOfMemoryError "$log") alive=$alive $load_line"
  stop_server
  cgroup_remove
}

part_footprint() {
  need "$CALENDAR_JAR"; need "$WEBHOOK_JAR"
  [[ -x $ARGO_CLIENT ]] || { echo "error: $ARGO_CLIENT missing; build it: /work/shared/tools/argo-client-go/build.sh $(dirname "$ARGO_CLIENT")" >&2; exit 2; }
  IMAGE_JAVA_BIN=$(image_java)
  drop_lines "footprint-($(sed "s/webhook/webhook$FOOTPRINT_WEBHOOK_CONNECTIONS/; s/ /|/g" <<< "$FOOTPRINT_SAMPLES"))-$FOOTPRINT_LIMIT"
  local round variant sample
  for sample in calendar webhook; do
    # always: a cache left by an earlier run may belong to an older jar, which the JVM would refuse
    image_train "$sample" "$( [[ $sample == calendar ]] && echo "$CALENDAR_JAR" || echo "$WEBHOOK_JAR")"
  done
  for round in $(seq 1 "$FOOTPRINT_ROUNDS"); do
    # even rounds in reverse order, so drift in the machine's load hits every variant alike
    for variant in $( (( round % 2 )) && echo "$FOOTPRINT_VARIANTS" || echo "$FOOTPRINT_VARIANTS" | tr ' ' '\n' | tac); do
      for sample in $FOOTPRINT_SAMPLES; do footprint_run "$variant" "$sample" "$round"; done
    done
  done
  image_chart
  set_prop footprint_limit "$FOOTPRINT_LIMIT"; set_prop footprint_seconds "$FOOTPRINT_SECONDS"
  set_prop image_java "$("$IMAGE_JAVA_BIN" -version 2>&1 | sed -n 2p)"
}

# image_chart: docs/performance-image.svg from the footprint and image-startup lines (medians over rounds):
# idle and peak RSS per variant and sample in a CHART_LIMIT (128Mi) cgroup against the 64 MiB target, and start-up
# to SERVING of the image and of plain java -jar against the 400 and 800 ms targets
image_chart() {
  awk -v limit="${CHART_LIMIT:-128Mi}" -v limit_kib="$(( $(bytes_of "${CHART_LIMIT:-128Mi}") / 1024 ))" '
    function val(key,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) return kv[2] } return "" }
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    / scenario=footprint-/ && val("limit") == limit { k = substr(val("scenario"), 11) " " val("kind"); if (!(k in idle)) fk[++nf] = k
      idle[k] = idle[k] " " val("idle_rss_kib"); peak[k] = peak[k] " " val("peak_rss_kib"); if (val("alive") == "0") killed[k]++ }
    / scenario=image-startup-/ { k = val("kind") (val("scenario") ~ /jar17$/ ? " java -jar (JDK 17)" : " image (JDK 25, AOT cache)"); if (!(k in start)) sk[++ns] = k; start[k] = val("median_ms") }
    function bar(y, label, v, max, unit, color, w) {
      w = v / max * 420
      printf "<text x=\"10\" y=\"%d\" font-size=\"11\">%s</text>", y + 11, label
      printf "<rect x=\"250\" y=\"%d\" width=\"%.0f\" height=\"14\" fill=\"%s\"/>", y, w, color
      printf "<text x=\"%.0f\" y=\"%d\" font-size=\"11\">%s %s</text>\n", 254 + w, y + 11, v ? v : "", unit }
    function rule(x, top, bottom, label) {
      printf "<line x1=\"%.0f\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/>", x, top, x, bottom
      printf "<text x=\"%.0f\" y=\"%d\" font-size=\"10\" fill=\"#c00\">%s</text>\n", x + 3, top + 9, label }
    END {
      y = 30; out = ""
      printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" font-family=\"sans-serif\">\n", 120 + 40 * nf + 22 * ns + 40
      printf "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">RSS in a %d MiB memory cgroup (MiB, median of rounds): idle, and peak under load</text>\n", limit_kib / 1024
      top = y; max = limit_kib / 1024 * 1.15
      for (i = 1; i <= nf; i++) {
        k = fk[i]
        bar(y, k " idle", sprintf("%.0f", median(idle[k]) / 1024), max, "MiB", "#4a7ab5"); y += 18
        if (k in killed) bar(y, k " peak", 0, max, "killed by the kernel (OOM) in " killed[k] " round(s)", "#9cb8de")
        else bar(y, k " peak", sprintf("%.0f", median(peak[k]) / 1024), max, "MiB", "#9cb8de")
        y += 22
      }
      rule(250 + 64 / max * 420, top - 4, y, "64 MiB target"); rule(250 + limit_kib / 1024 / max * 420, top - 4, y, "limit")
      y += 30
      printf "<text x=\"10\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">Start to gRPC health SERVING (ms, median)</text>\n", y - 8
      top = y; max = 1200
      for (i = 1; i <= ns; i++) { bar(y, sk[i], start[sk[i]], max, "ms", "#5a9e6f"); y += 22 }
      rule(250 + 400 / max * 420, top - 4, y, "400 ms (image)"); rule(250 + 800 / max * 420, top - 4, y, "800 ms (java -jar)")
      print "</svg>"
    }' "$RAW" > "$DOCS/performance-image.svg"
}
