/*
 * Copyright 2026 The Argo generic eventsource SDK authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.argogeneric.benchmarks.report;

import static io.argogeneric.benchmarks.report.Stats.fmt;
import static io.argogeneric.benchmarks.report.Stats.ratio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tables of docs/performance.md, one method per template placeholder; the prose is in the
 * template.
 */
final class Tables {
  static final int[] SIZES = {100, 1024, 16384};
  private static final String NOT_MEASURED = "_Not in this run's results._";

  private final Results r;

  Tables(Results results) {
    this.r = results;
  }

  /** The table named by a placeholder, or null for a name it does not know. */
  String render(String name) {
    return switch (name) {
      case "machine" -> machine();
      case "single-stream" -> singleStream();
      case "single-stream-rounds" -> singleStreamRounds();
      case "latency" -> latency();
      case "floor" -> floor();
      case "many-streams" -> manyStreams();
      case "jmh" -> jmh();
      case "webhook" -> webhook();
      case "webhook-runs" -> webhookRuns();
      case "acceptance" -> acceptance();
      case "acceptance-rounds" -> acceptanceRounds();
      case "startup" -> startup();
      case "config-binding" -> configBinding();
      default -> null;
    };
  }

  String machine() {
    StringBuilder b = new StringBuilder();
    b.append("| | |\n|---|---|\n");
    row(
        b,
        "CPU",
        r.run.getProperty("cpu", "?") + ", " + r.run.getProperty("cores", "?") + " cores visible");
    row(b, "memory", r.run.getProperty("memory", "?"));
    row(b, "OS", r.run.getProperty("kernel", "?"));
    row(
        b,
        "Java",
        r.run.getProperty("java", "?")
            + "; servers run with `-Xmx"
            + r.run.getProperty("server_heap", "?")
            + "`");
    for (String key : new TreeSet<>(r.run.stringPropertyNames())) {
      if (key.startsWith("measured.")) {
        row(b, "measured: " + key.substring("measured.".length()), r.run.getProperty(key));
      }
    }
    return b.toString().stripTrailing();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  String singleStream() {
    if (r.where(l -> l.scenario().startsWith("flat-")).isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b = new StringBuilder();
    b.append(
        "| payload | SDK events/s | baseline events/s | ratio | SDK MB/s | work CPU us/event SDK / baseline | ratio "
            + "| all CPU us/event SDK / baseline | ratio | met | SDK push events/s (ratio) | push work CPU us/event (ratio) |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--:|---:|---:|\n");
    for (int s : SIZES) {
      String sc = "flat-" + s;
      double a = r.median("sdk", sc, "events_per_s");
      double bl = r.median("baseline", sc, "events_per_s");
      double ca = r.median("sdk", sc, "server_cpu_us_per_event");
      double cb = r.median("baseline", sc, "server_cpu_us_per_event");
      double wa = r.median("sdk", sc, "server_work_us_per_event");
      double wb = r.median("baseline", sc, "server_work_us_per_event");
      String met =
          s == 16384 ? "(not a target)" : (a >= 0.95 * bl && wa <= 1.1 * wb ? "yes" : "no");
      double pa = r.median("sdkpush", sc, "events_per_s");
      double pw = r.median("sdkpush", sc, "server_work_us_per_event");
      b.append(
          String.format(
              "| %d B | %s | %s | %s | %s | %s / %s | %s | %s / %s | %s | %s | %s (%s) | %s (%s) |%n",
              s,
              fmt(a, 0),
              fmt(bl, 0),
              ratio(a, bl),
              fmt(a * s / 1e6, 1),
              fmt(wa, 2),
              fmt(wb, 2),
              ratio(wa, wb),
              fmt(ca, 2),
              fmt(cb, 2),
              ratio(ca, cb),
              met,
              fmt(pa, 0),
              ratio(pa, bl),
              fmt(pw, 2),
              ratio(pw, wb)));
    }
    return b.toString().stripTrailing();
  }

  /** SDK / baseline within each round, where slow drift in the machine's load cancels. */
  String singleStreamRounds() {
    if (r.where(l -> l.scenario().startsWith("flat-")).isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b =
        new StringBuilder(
            "| payload | measure | SDK / baseline in each round | median |\n|---:|---|---|---:|\n");
    for (int s : new int[] {100, 1024}) {
      for (String[] m :
          new String[][] {{"events_per_s", "events/s"}, {"server_work_us_per_event", "work CPU"}}) {
        Map<String, Double> a = byRound("sdk", "flat-" + s, m[0]);
        Map<String, Double> bl = byRound("baseline", "flat-" + s, m[0]);
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<String, Double> e : a.entrySet()) {
          Double other = bl.get(e.getKey());
          if (other != null && other != 0) {
            ratios.add(e.getValue() / other);
          }
        }
        List<String> shown = new ArrayList<>();
        ratios.forEach(x -> shown.add(fmt(x, 2)));
        b.append(
            String.format(
                "| %d B | %s | %s | %sx |%n",
                s, m[1], String.join(", ", shown), fmt(Stats.median(ratios), 2)));
      }
    }
    return b.toString().stripTrailing();
  }

  private Map<String, Double> byRound(String kind, String scenario, String key) {
    Map<String, Double> out = new LinkedHashMap<>();
    r.where(l -> l.kind().equals(kind) && l.scenario().equals(scenario) && l.has(key)).stream()
        .sorted((x, y) -> Integer.compare(Integer.parseInt(x.round()), Integer.parseInt(y.round())))
        .forEach(l -> out.put(l.round(), l.number(key)));
    return out;
  }

  String latency() {
    if (r.where(l -> l.scenario().startsWith("rate")).isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b = new StringBuilder();
    b.append(
        "| rate | payload | SDK p50 / p99 / p999 (us) | baseline p50 / p99 / p999 (us) | p99 ratio | SDK CPU us/event "
            + "| baseline | met |\n|---:|---:|---:|---:|---:|---:|---:|:--:|\n");
    List<int[]> cases = new ArrayList<>();
    for (int s : SIZES) {
      cases.add(new int[] {1000, s});
    }
    cases.add(new int[] {10000, 100});
    for (int[] c : cases) {
      String sc = "rate" + c[0] + "-" + c[1];
      double[] pa = percentiles("sdk", sc);
      double[] pb = percentiles("baseline", sc);
      String met = c[0] == 1000 && c[1] == 100 ? (pa[1] <= 1000 ? "yes" : "no") : "(report)";
      b.append(
          String.format(
              "| %s/s | %d B | %s / %s / %s | %s / %s / %s | %s | %s | %s | %s |%n",
              fmt(c[0], 0),
              c[1],
              fmt(pa[0], 0),
              fmt(pa[1], 0),
              fmt(pa[2], 0),
              fmt(pb[0], 0),
              fmt(pb[1], 0),
              fmt(pb[2], 0),
              ratio(pa[1], pb[1]),
              fmt(r.median("sdk", sc, "server_cpu_us_per_event"), 2),
              fmt(r.median("baseline", sc, "server_cpu_us_per_event"), 2),
              met));
    }
    return b.toString().stripTrailing();
  }

  private double[] percentiles(String kind, String scenario) {
    return new double[] {
      r.median(kind, scenario, "p50_us"),
      r.median(kind, scenario, "p99_us"),
      r.median(kind, scenario, "p999_us")
    };
  }

  /**
   * The machine's own latency floor. Runs are lines without {@code summary}; a {@code
   * summary=median} line (written where the per-run lines lack some figures) supplies the medians
   * it has.
   */
  String floor() {
    List<RawLine> runs = r.where(l -> l.scenario().equals("floor-1000") && !l.has("summary"));
    List<RawLine> summary = r.where(l -> l.scenario().equals("floor-1000") && l.has("summary"));
    if (runs.isEmpty() && summary.isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b =
        new StringBuilder(
            "| runs | p50 / p99 / p999 (us, median) | p99 of each run (us) | load |\n|---:|---:|---|---|\n");
    double[] p = new double[3];
    String[] keys = {"p50_us", "p99_us", "p999_us"};
    for (int i = 0; i < 3; i++) {
      String key = keys[i];
      List<Double> v = new ArrayList<>();
      runs.stream().filter(l -> l.has(key)).forEach(l -> v.add(l.number(key)));
      p[i] =
          !summary.isEmpty() && summary.get(0).has(key)
              ? summary.get(0).number(key)
              : Stats.median(v);
    }
    List<String> each = new ArrayList<>();
    List<String> load = new ArrayList<>();
    runs.forEach(
        l -> {
          each.add(l.text("p99_us", "?"));
          load.add(l.text("load", "?"));
        });
    b.append(
        String.format(
            "| %d | %s / %s / %s | %s | %s |",
            runs.size(),
            fmt(p[0], 0),
            fmt(p[1], 0),
            fmt(p[2], 0),
            String.join(", ", each),
            String.join(", ", load)));
    return b.toString();
  }

  String manyStreams() {
    List<RawLine> many =
        r.where(l -> l.scenario().startsWith("streams") || l.scenario().startsWith("idle-"));
    if (many.isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b = new StringBuilder();
    b.append(
        "| test | server | seconds | events | events/s | lost | failed streams | p99 (us) | server CPU s "
            + "| heap after GC (MiB) | threads | setup streams/s |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RawLine l : many) {
      boolean idle = l.scenario().startsWith("idle-");
      b.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              l.scenario(),
              l.kind(),
              l.text("seconds", "-"),
              l.has("events") ? fmt(l.number("events"), 0) : "-",
              fmt(l.number("events_per_s"), 0),
              l.text("lost", "-"),
              l.text("failed_streams", "-"),
              idle ? "-" : l.text("p99_us", "-"),
              l.text("server_cpu_s", "n/a"),
              l.has("heap_kib") ? fmt(l.number("heap_kib") / 1024, 1) : "-",
              l.text("threads", "-"),
              l.has("setup_per_s") ? fmt(l.number("setup_per_s"), 0) : "-"));
    }
    return b.toString().stripTrailing();
  }

  String jmh() {
    if (r.jmh.isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b =
        new StringBuilder(
            "| benchmark | params | score | error | unit |\n|---|---|---:|---:|---|\n");
    for (Map<String, String> rec : r.jmh) {
      String bench = rec.getOrDefault("Benchmark", "");
      int colon = bench.indexOf(':');
      String method = colon < 0 ? bench : bench.substring(0, colon);
      String metric = colon < 0 ? "" : bench.substring(colon + 1);
      // the gc profiler adds rows "<method>:gc.alloc.rate" and so on; only bytes per operation is
      // kept
      if (!metric.isEmpty() && !metric.equals("gc.alloc.rate.norm")) {
        continue;
      }
      String[] parts = method.split("\\.");
      String name =
          parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : method;
      if (!metric.isEmpty()) {
        name += " (allocation)";
      }
      List<String> params = new ArrayList<>();
      rec.forEach(
          (k, v) -> {
            if (k.startsWith("Param: ") && !v.isEmpty()) {
              params.add(k.substring(7) + "=" + v);
            }
          });
      String error = rec.getOrDefault("Score Error (99.9%)", "");
      try {
        error = fmt(Double.parseDouble(error), 2);
      } catch (NumberFormatException e) {
        // JMH writes NaN or nothing for a single sample: shown as it is
      }
      b.append(
          String.format(
              "| %s | %s | %s | %s | %s |%n",
              name,
              String.join(", ", params),
              fmt(Double.parseDouble(rec.get("Score")), 2),
              error,
              rec.get("Unit")));
    }
    return b.toString().stripTrailing();
  }

  private List<RawLine> hook() {
    return r.where(l -> l.scenario().startsWith("webhook-"));
  }

  String webhook() {
    List<RawLine> hook = hook();
    if (hook.isEmpty()) {
      return NOT_MEASURED;
    }
    String sc = hook.get(0).scenario();
    double bare = r.median("bare", sc, "requests_per_s");
    StringBuilder b = new StringBuilder();
    b.append(
        "| server | requests/s (2xx, median) | ratio | p50 / p99 (us) | server CPU us/request | non-2xx | errors "
            + "| 2xx in run | events received | undelivered | met |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--:|\n");
    String[][] labels = {
      {"bridge", "webhook bridge, Argo-like subscriber"},
      {"bridge-async", "webhook bridge, async subscriber"},
      {"bare", "bare Jetty"}
    };
    for (String[] label : labels) {
      String kind = label[0];
      List<RawLine> rs = r.where(l -> l.scenario().equals(sc) && l.kind().equals(kind));
      if (rs.isEmpty()) {
        continue;
      }
      double a = r.median(kind, sc, "requests_per_s");
      boolean delivered = rs.stream().allMatch(l -> "0".equals(l.text("undelivered", "")));
      String met = kind.equals("bare") ? "" : (a >= 0.5 * bare && delivered ? "yes" : "no");
      b.append(
          String.format(
              "| %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s |%n",
              label[1],
              fmt(a, 0),
              kind.equals("bare") ? "1.00x" : ratio(a, bare),
              fmt(r.median(kind, sc, "p50_us"), 0),
              fmt(r.median(kind, sc, "p99_us"), 0),
              fmt(r.median(kind, sc, "server_cpu_us_per_request"), 1),
              total(rs, "non_2xx"),
              total(rs, "errors"),
              total(rs, "ok_total"),
              total(rs, "received"),
              total(rs, "undelivered"),
              met));
    }
    return b.toString().stripTrailing();
  }

  private static String total(List<RawLine> rs, String key) {
    if (rs.stream().noneMatch(l -> l.has(key))) {
      return "-";
    }
    long sum = 0;
    for (RawLine l : rs) {
      if (l.has(key)) {
        sum += (long) l.number(key);
      }
    }
    return Long.toString(sum);
  }

  String webhookRuns() {
    List<RawLine> hook = hook();
    if (hook.isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b =
        new StringBuilder(
            "| server | round | requests/s | p50 us | p99 us | non-2xx | server CPU us/request "
                + "| client CPU s | 2xx in run | received | load |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RawLine l : hook) {
      b.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              l.kind(),
              l.round(),
              fmt(l.number("requests_per_s"), 0),
              l.text("p50_us", "-"),
              l.text("p99_us", "-"),
              l.text("non_2xx", "-"),
              l.text("server_cpu_us_per_request", "n/a"),
              l.text("client_cpu_s", "-"),
              l.text("ok_total", "-"),
              l.text("received", "-"),
              l.text("load", "n/a")));
    }
    return b.toString().stripTrailing();
  }

  /**
   * One server's row of the acceptance table: its events/s and its ratios to the baseline within
   * cycles.
   */
  record AcceptanceRow(
      String kind,
      double eventsPerS,
      double ratio,
      double low,
      double high,
      double geomean,
      int cycles) {}

  private static final String[][] ACCEPTANCE_KINDS = {
    {"sdk", "SDK"},
    {"baseline2", "control (2nd baseline)"},
    {"sdkpush", "SDK push"},
    {"handoff", "hand-off baseline"}
  };

  /**
   * The rows for one payload size: from per-cycle lines (a ratio to the baseline within each
   * cycle), or, where a run kept only those figures, from its {@code summary=median} lines.
   */
  List<AcceptanceRow> acceptanceRows(String scenario) {
    List<RawLine> rs = r.where(l -> l.scenario().equals(scenario) && !l.has("summary"));
    List<AcceptanceRow> out = new ArrayList<>();
    if (rs.isEmpty()) {
      for (RawLine l : r.where(x -> x.scenario().equals(scenario) && x.has("summary"))) {
        out.add(
            new AcceptanceRow(
                l.kind(),
                l.number("events_per_s"),
                l.number("ratio"),
                l.number("ratio_low"),
                l.number("ratio_high"),
                l.number("ratio_geomean"),
                (int) l.number("cycles")));
      }
      return out;
    }
    Map<String, Map<String, Double>> cycles = cycles(rs);
    out.add(
        new AcceptanceRow(
            "baseline",
            eventsMedian(cycles, "baseline"),
            1,
            Double.NaN,
            Double.NaN,
            1,
            cycles.size()));
    for (String[] k : ACCEPTANCE_KINDS) {
      List<Double> ratios = ratios(cycles, k[0], null);
      if (ratios.isEmpty()) {
        continue;
      }
      double[] ci = Stats.medianInterval(ratios);
      out.add(
          new AcceptanceRow(
              k[0],
              eventsMedian(cycles, k[0]),
              Stats.median(ratios),
              ci[0],
              ci[1],
              Stats.geometricMean(ratios),
              ratios.size()));
    }
    return out;
  }

  /** events/s by server, keyed by "round/cycle". */
  private static Map<String, Map<String, Double>> cycles(List<RawLine> rs) {
    Map<String, Map<String, Double>> cycles = new LinkedHashMap<>();
    for (RawLine l : rs) {
      cycles
          .computeIfAbsent(l.round() + "/" + l.text("cycle", ""), x -> new LinkedHashMap<>())
          .put(l.kind(), l.number("events_per_s"));
    }
    return cycles;
  }

  private static double eventsMedian(Map<String, Map<String, Double>> cycles, String kind) {
    List<Double> v = new ArrayList<>();
    cycles
        .values()
        .forEach(
            c -> {
              if (c.containsKey(kind)) {
                v.add(c.get(kind));
              }
            });
    return Stats.median(v);
  }

  /** kind / baseline within each cycle (of one round, if given). */
  private static List<Double> ratios(
      Map<String, Map<String, Double>> cycles, String kind, String round) {
    List<Double> out = new ArrayList<>();
    cycles.forEach(
        (key, c) -> {
          Double base = c.get("baseline");
          if (c.containsKey(kind)
              && base != null
              && base != 0
              && (round == null || key.startsWith(round + "/"))) {
            out.add(c.get(kind) / base);
          }
        });
    return out;
  }

  String acceptance() {
    StringBuilder b = new StringBuilder();
    for (String size : new String[] {"100", "1024"}) {
      for (AcceptanceRow row : acceptanceRows("independent-" + size)) {
        if (b.length() == 0) {
          b.append(
              "| payload | server | events/s (median) | / baseline, median of cycles | 95 % interval "
                  + "| geometric mean of cycles | cycles | met |\n|---:|---|---:|---:|---|---:|---:|:--:|\n");
        }
        boolean base = row.kind().equals("baseline");
        String met = row.kind().equals("sdk") ? (row.ratio() >= 0.95 ? "yes" : "no") : "";
        b.append(
            String.format(
                "| %s B | %s | %s | %sx | %s | %sx | %d | %s |%n",
                size,
                label(row.kind()),
                fmt(row.eventsPerS(), 0),
                fmt(row.ratio(), 2),
                base ? "" : fmt(row.low(), 2) + "-" + fmt(row.high(), 2) + "x",
                fmt(row.geomean(), 2),
                row.cycles(),
                met));
      }
    }
    return b.length() == 0 ? NOT_MEASURED : b.toString().stripTrailing();
  }

  private static String label(String kind) {
    for (String[] k : ACCEPTANCE_KINDS) {
      if (k[0].equals(kind)) {
        return k[1];
      }
    }
    return kind;
  }

  /**
   * The median of the within-cycle ratios in each round, SDK and control: how far rounds differ.
   */
  String acceptanceRounds() {
    StringBuilder b = new StringBuilder();
    for (String size : new String[] {"100", "1024"}) {
      String sc = "independent-" + size;
      List<RawLine> rs = r.where(l -> l.scenario().equals(sc) && !l.has("summary"));
      Map<String, List<String>> perRound = new LinkedHashMap<>();
      if (rs.isEmpty()) {
        for (RawLine l : r.where(x -> x.scenario().equals(sc) && x.has("round_ratios"))) {
          perRound.put(l.kind(), List.of(l.text("round_ratios", "").split(",")));
        }
      } else {
        Map<String, Map<String, Double>> cycles = cycles(rs);
        TreeSet<Integer> rounds = new TreeSet<>();
        rs.forEach(l -> rounds.add(Integer.parseInt(l.round())));
        for (String kind : new String[] {"sdk", "baseline2"}) {
          List<String> v = new ArrayList<>();
          rounds.forEach(
              n -> v.add(fmt(Stats.median(ratios(cycles, kind, Integer.toString(n))), 2)));
          perRound.put(kind, v);
        }
      }
      List<String> sdk = perRound.getOrDefault("sdk", List.of());
      List<String> control = perRound.getOrDefault("baseline2", List.of());
      for (int i = 0; i < Math.max(sdk.size(), control.size()); i++) {
        if (b.length() == 0) {
          b.append(
              "| payload | round | SDK / baseline | control / baseline |\n|---:|---:|---:|---:|\n");
        }
        b.append(
            String.format(
                "| %s B | %d | %s | %s |%n", size, i + 1, times(sdk, i), times(control, i)));
      }
    }
    return b.length() == 0 ? NOT_MEASURED : b.toString().stripTrailing();
  }

  private static String times(List<String> ratios, int i) {
    return i < ratios.size() && !ratios.get(i).equals("n/a") ? ratios.get(i) + "x" : "n/a";
  }

  String startup() {
    List<RawLine> start = r.where(l -> l.scenario().startsWith("startup-"));
    if (start.isEmpty()) {
      return NOT_MEASURED;
    }
    StringBuilder b =
        new StringBuilder(
            "| sample | variant | median ms | min ms | max ms | every run (ms) | load | median <= 1 s |\n"
                + "|---|---|---:|---:|---:|---|---:|:--:|\n");
    for (RawLine l : start) {
      String variant = l.scenario().substring("startup-".length());
      if (!l.has("median_ms")) {
        b.append(
            String.format(
                "| %s | %s | failed | | | | %s | |%n", l.kind(), variant, l.text("load", "")));
        continue;
      }
      b.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
              l.kind(),
              variant,
              l.text("median_ms", ""),
              l.text("min_ms", ""),
              l.text("max_ms", ""),
              l.text("all_ms", "").replace(",", ", "),
              l.text("load", ""),
              l.number("median_ms") <= 1000 ? "yes" : "no"));
    }
    return b.toString().stripTrailing();
  }

  String configBinding() {
    List<RawLine> binding = r.where(l -> l.scenario().equals("config-binding"));
    if (binding.isEmpty()) {
      return NOT_MEASURED;
    }
    RawLine l = binding.get(binding.size() - 1);
    return "| benchmark | score | error (99.9 %) | unit | load | <= 50 us |\n|---|---:|---:|---|---:|:--:|\n"
        + String.format(
            "| ConfigBindingBenchmark.bindCalendarConfig | %s | %s | %s | %s | %s |",
            l.text("score", ""),
            l.text("error", ""),
            l.text("unit", ""),
            l.text("load", "?"),
            l.number("score") <= 50 ? "yes" : "no");
  }
}
