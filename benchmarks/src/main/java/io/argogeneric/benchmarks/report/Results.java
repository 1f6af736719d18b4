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

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * What one benchmark run left in its results directory: {@code results.txt} (the raw lines), {@code
 * run.properties} (machine, settings, when each part ran) and {@code jmh.csv} (JMH's CSV,
 * optional).
 */
final class Results {
  final List<RawLine> lines;
  final Properties run;
  final List<Map<String, String>> jmh;

  Results(List<RawLine> lines, Properties run, List<Map<String, String>> jmh) {
    this.lines = lines;
    this.run = run;
    this.jmh = jmh;
  }

  static Results load(Path dir) throws IOException {
    Path raw = dir.resolve("results.txt");
    if (!Files.isRegularFile(raw)) {
      throw new IllegalArgumentException("no " + raw + ": run benchmarks/run-comparison.sh first");
    }
    List<RawLine> lines = new ArrayList<>();
    List<String> text = Files.readAllLines(raw, StandardCharsets.UTF_8);
    for (int i = 0; i < text.size(); i++) {
      String t = text.get(i).strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      RawLine line = RawLine.parse(i + 1, t);
      if (!line.has("kind") || !line.has("scenario")) {
        throw new IllegalArgumentException(
            raw + " line " + (i + 1) + ": no kind= or scenario= in: " + t);
      }
      lines.add(line);
    }
    Properties run = new Properties();
    Path props = dir.resolve("run.properties");
    if (Files.isRegularFile(props)) {
      try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
        run.load(r);
      }
    }
    Path csv = dir.resolve("jmh.csv");
    List<Map<String, String>> jmh =
        Files.isRegularFile(csv)
            ? parseCsv(Files.readAllLines(csv, StandardCharsets.UTF_8))
            : List.of();
    return new Results(lines, run, jmh);
  }

  List<RawLine> where(Predicate<RawLine> test) {
    List<RawLine> out = new ArrayList<>();
    for (RawLine l : lines) {
      if (test.test(l)) {
        out.add(l);
      }
    }
    return out;
  }

  /** The median of {@code key} over the lines of one server and scenario (the rounds). */
  double median(String kind, String scenario, String key) {
    List<Double> v = new ArrayList<>();
    for (RawLine l : lines) {
      if (l.kind().equals(kind) && l.scenario().equals(scenario) && l.has(key)) {
        v.add(l.number(key));
      }
    }
    return Stats.median(v);
  }

  /**
   * JMH's CSV: a header row, then one row per benchmark and metric; fields quoted, commas inside
   * quotes kept.
   */
  static List<Map<String, String>> parseCsv(List<String> rows) {
    List<Map<String, String>> out = new ArrayList<>();
    if (rows.isEmpty()) {
      return out;
    }
    List<String> header = splitCsv(rows.get(0));
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i).isBlank()) {
        continue;
      }
      List<String> cells = splitCsv(rows.get(i));
      Map<String, String> rec = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        rec.put(header.get(c), c < cells.size() ? cells.get(c) : "");
      }
      out.add(rec);
    }
    return out;
  }

  private static List<String> splitCsv(String row) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < row.length(); i++) {
      char ch = row.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
