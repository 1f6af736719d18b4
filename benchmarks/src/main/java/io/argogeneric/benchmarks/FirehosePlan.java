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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one firehose stream emits and when, shared by the SDK plugin and the baseline so that both
 * behave alike. Paced streams emit their first event at once and event {@code i} at {@code i/rate}
 * seconds, in ticks of at least 1 ms (several events per tick above 1,000 events/s).
 *
 * @param payloadSize bytes per payload, at least {@link Payloads#HEADER_BYTES}
 * @param rate events per second; 0 for as fast as flow control allows
 * @param count events in all, then idle; 0 for no limit
 */
public record FirehosePlan(int payloadSize, double rate, long count) {
  public static final int DEFAULT_PAYLOAD_SIZE = 100;

  /** Room for the Event's framing under the SDK's default 4 MiB - 16 KiB event limit. */
  public static final int MAX_PAYLOAD_SIZE = 4 * 1024 * 1024 - 32 * 1024;

  private static final long MIN_TICK_NANOS = 1_000_000;

  /** The problems of this plan, each naming its config key; empty when it is fine. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (payloadSize < Payloads.HEADER_BYTES || payloadSize > MAX_PAYLOAD_SIZE) {
      problems.add(
          "payloadSize: must be "
              + Payloads.HEADER_BYTES
              + ".."
              + MAX_PAYLOAD_SIZE
              + ", got "
              + payloadSize);
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      problems.add("rate: must be 0 or a positive number of events per second, got " + rate);
    }
    if (count < 0) {
      problems.add("count: must not be negative, got " + count);
    }
    return problems;
  }

  public boolean flatOut() {
    return rate == 0;
  }

  /** True when {@code sent} events are all this plan emits. */
  public boolean done(long sent) {
    return count > 0 && sent >= count;
  }

  /** How often a paced stream wakes up. */
  public Duration tick() {
    double periodNanos = 1e9 / rate;
    return Duration.ofNanos(
        Math.max(MIN_TICK_NANOS, (long) Math.min(periodNanos, Long.MAX_VALUE / 2.0)));
  }

  /** How many events a paced stream should have emitted {@code elapsed} after it started. */
  public long due(Duration elapsed) {
    long due = (long) Math.floor(elapsed.toNanos() / 1e9 * rate) + 1;
    return count > 0 ? Math.min(due, count) : due;
  }

  /**
   * Reads the config the load client sends ({@code key: value} lines) without the SDK, for the
   * baseline server; unknown keys and bad numbers are refused like the SDK refuses them.
   */
  public static FirehosePlan parse(String config) {
    int payloadSize = DEFAULT_PAYLOAD_SIZE;
    double rate = 0;
    long count = 0;
    for (String line : config.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("not a 'key: value' line: " + trimmed);
      }
      String key = trimmed.substring(0, colon).strip();
      String value = trimmed.substring(colon + 1).strip();
      try {
        switch (key) {
          case "payloadSize" -> payloadSize = Integer.parseInt(value);
          case "rate" -> rate = Double.parseDouble(value);
          case "count" -> count = Long.parseLong(value);
          default -> throw new IllegalArgumentException(key + ": unknown key");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": not a number: " + value, e);
      }
    }
    FirehosePlan plan = new FirehosePlan(payloadSize, rate, count);
    List<String> problems = plan.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return plan;
  }

  /** The config text that selects this plan, as the load client sends it. */
  public String toConfig() {
    return "payloadSize: " + payloadSize + "\nrate: " + rate + "\ncount: " + count + "\n";
  }
}
