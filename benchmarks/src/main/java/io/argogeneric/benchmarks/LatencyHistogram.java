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
package io.argogeneric.benchmarks;

/**
 * Latencies in microseconds: exact below 1,024 µs, then 64 buckets per power of two (within about
 * 1.6%). One per reader thread, merged at the end; not thread-safe.
 */
final class LatencyHistogram {
  private static final int EXACT = 1024;
  private static final int SUB_BITS = 6;
  private static final int SUBS = 1 << SUB_BITS;
  private final long[] counts = new long[EXACT + (64 - 10) * SUBS];
  private long total;
  private long max;

  void record(long micros) {
    long v = Math.max(0, micros); // clocks of one machine; a negative value is rounding
    counts[index(v)]++;
    total++;
    max = Math.max(max, v);
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  long max() {
    return max;
  }

  /**
   * The smallest recorded value (bucket lower bound) at or above fraction {@code q} of all; 0 when
   * empty.
   */
  long percentile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return Math.min(lowerBound(i), max);
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v); // 10 or more
    int sub = (int) (v >>> (exp - SUB_BITS)) & (SUBS - 1);
    return EXACT + (exp - 10) * SUBS + sub;
  }

  static long lowerBound(int index) {
    if (index < EXACT) {
      return index;
    }
    int exp = (index - EXACT) / SUBS + 10;
    int sub = (index - EXACT) % SUBS;
    return (long) (SUBS + sub) << (exp - SUB_BITS);
  }
}
