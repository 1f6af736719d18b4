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
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The few statistics the report needs, with Python's {@code statistics} semantics. */
final class Stats {
  private Stats() {}

  /**
   * The median; the mean of the middle two for an even count; NaN for none. NaN values are skipped.
   */
  static double median(Collection<Double> values) {
    List<Double> v = sorted(values);
    int n = v.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /**
   * A distribution-free 95 % confidence interval for the median from the order statistics: the j-th
   * and k-th smallest, j = n/2 - 1.96 sqrt(n)/2 rounded down, k = n/2 + 1 + 1.96 sqrt(n)/2 rounded
   * up.
   */
  static double[] medianInterval(Collection<Double> values) {
    List<Double> v = sorted(values);
    int n = v.size();
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double half = 0.98 * Math.sqrt(n);
    int j = Math.max((int) Math.floor(n / 2.0 - half), 1);
    int k = Math.min((int) Math.ceil(n / 2.0 + 1 + half), n);
    return new double[] {v.get(j - 1), v.get(k - 1)};
  }

  static double geometricMean(Collection<Double> values) {
    List<Double> v = sorted(values);
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double logs = 0;
    for (double x : v) {
      logs += Math.log(x);
    }
    return Math.exp(logs / v.size());
  }

  /** {@code 20,600} for (20600.4, 0); {@code n/a} for NaN. */
  static String fmt(double v, int digits) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + digits + "f", v);
  }

  /** {@code 1.05x}, or {@code n/a} when either side is missing or the divisor is 0. */
  static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return "n/a";
    }
    return fmt(a / b, 2) + "x";
  }

  private static List<Double> sorted(Collection<Double> values) {
    List<Double> v = new ArrayList<>();
    for (Double x : values) {
      if (x != null && !x.isNaN()) {
        v.add(x);
      }
    }
    v.sort(null);
    return v;
  }
}
