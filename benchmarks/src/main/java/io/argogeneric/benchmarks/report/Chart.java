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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs/performance.svg: SDK and baseline bars per payload size, flat-out events/s and p99 at 1,000
 * events/s.
 */
final class Chart {
  private static final int W = 900;
  private static final int H = 380;
  private static final int PAD = 60;
  private static final double PANEL_W = (W - 3 * PAD) / 2.0;
  private static final String[] KINDS = {"sdk", "baseline"};
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e"};

  private Chart() {}

  static String render(Results r) {
    List<String> svg = new ArrayList<>();
    svg.add(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">",
            W,
            H));
    svg.add(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>", W, H));
    panel(svg, PAD, "one stream flat out: events/s (median)", values(r, "flat-", "events_per_s"));
    panel(
        svg,
        2 * PAD + PANEL_W,
        "p99 latency at 1,000 events/s (us, median)",
        values(r, "rate1000-", "p99_us"));
    for (int i = 0; i < KINDS.length; i++) {
      svg.add(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
              W - 190 + i * 90,
              H - 18,
              COLORS[i]));
      svg.add(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\">%s</text>",
              W - 174 + i * 90,
              H - 8,
              i == 0 ? "SDK" : "baseline"));
    }
    svg.add("</svg>");
    return String.join("\n", svg) + "\n";
  }

  private static Map<String, double[]> values(Results r, String prefix, String key) {
    Map<String, double[]> v = new LinkedHashMap<>();
    for (int s : Tables.SIZES) {
      v.put(
          s + " B",
          new double[] {r.median("sdk", prefix + s, key), r.median("baseline", prefix + s, key)});
    }
    return v;
  }

  private static void panel(
      List<String> svg, double x0, String title, Map<String, double[]> values) {
    int top = 40;
    int bottom = H - 50;
    double vmax = 0;
    for (double[] pair : values.values()) {
      for (double v : pair) {
        if (!Double.isNaN(v)) {
          vmax = Math.max(vmax, v);
        }
      }
    }
    vmax = (vmax == 0 ? 1 : vmax) * 1.15;
    svg.add(
        f(
            "<text x=\"%.1f\" y=\"22\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>",
            x0 + PANEL_W / 2, title));
    svg.add(
        f(
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>",
            x0, bottom, x0 + PANEL_W, bottom));
    svg.add(
        f(
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>",
            x0, top, x0, bottom));
    for (int i = 0; i < 5; i++) {
      double v = vmax * i / 4;
      double y = bottom - (bottom - top) * i / 4.0;
      svg.add(
          f(
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\">%,.0f</text>",
              x0 - 4, y + 4, v));
      svg.add(
          f(
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
              x0, y, x0 + PANEL_W, y));
    }
    double group = PANEL_W / values.size();
    int gi = 0;
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      for (int bi = 0; bi < 2; bi++) {
        double v = e.getValue()[bi];
        if (Double.isNaN(v)) {
          continue;
        }
        double h = (bottom - top) * v / vmax;
        double x = x0 + gi * group + group * 0.15 + bi * group * 0.35;
        svg.add(
            f(
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                x, bottom - h, group * 0.33, h, COLORS[bi]));
        svg.add(
            f(
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\">%,.0f</text>",
                x + group * 0.165, bottom - h - 3, v));
      }
      svg.add(
          f(
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              x0 + gi * group + group / 2, bottom + 16, e.getKey()));
      gi++;
    }
    svg.add(
        f(
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">payload size (bytes)</text>",
            x0 + PANEL_W / 2, bottom + 34));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
