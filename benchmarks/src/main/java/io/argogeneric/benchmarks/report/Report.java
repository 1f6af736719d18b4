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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes docs/performance.md and docs/performance.svg from a results directory (see {@link
 * Results}) and a Markdown template. The template holds the prose; {@code {{name}}} inserts a table
 * computed from the raw lines (see {@link Tables#render}) and {@code {{run:key}}} a value of the
 * run's {@code run.properties}.
 *
 * <p>Usage: {@code Report RESULTS_DIR TEMPLATE OUT_MD OUT_SVG}.
 */
public final class Report {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_.:-]+)}}");

  private Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: Report RESULTS_DIR TEMPLATE OUT_MD OUT_SVG");
      System.exit(2);
    }
    try {
      write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
    System.out.println("wrote " + args[2] + " and " + args[3]);
  }

  static void write(Path resultsDir, Path template, Path outMd, Path outSvg) throws IOException {
    Results results = Results.load(resultsDir);
    String md = fill(Files.readAllLines(template, StandardCharsets.UTF_8), results);
    Files.writeString(outMd, md, StandardCharsets.UTF_8);
    Files.writeString(outSvg, Chart.render(results), StandardCharsets.UTF_8);
  }

  /** The template with every placeholder replaced; an unknown one is an error naming its line. */
  static String fill(List<String> template, Results results) {
    Tables tables = new Tables(results);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < template.size(); i++) {
      Matcher m = PLACEHOLDER.matcher(template.get(i));
      StringBuilder line = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String value;
        if (name.startsWith("run:")) {
          value = results.run.getProperty(name.substring(4));
        } else {
          value = tables.render(name);
        }
        if (value == null) {
          throw new IllegalArgumentException(
              "template line "
                  + (i + 1)
                  + ": unknown placeholder {{"
                  + name
                  + "}}"
                  + (name.startsWith("run:") ? " (no such key in run.properties)" : ""));
        }
        m.appendReplacement(line, Matcher.quoteReplacement(value));
      }
      m.appendTail(line);
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
