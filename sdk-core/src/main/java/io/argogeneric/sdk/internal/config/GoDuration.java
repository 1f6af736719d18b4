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
package io.argogeneric.sdk.internal.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Go writes them ({@code 90s}, {@code 1h30m}, {@code 250ms}), which is what Argo users
 * know from every other eventsource; ISO-8601 ({@code PT1H30M}) is accepted too.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
          "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message fit for a user when it is not a duration
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration (use e.g. 10s, 5m, 1h30m)");
    }
    if (s.startsWith("P") || s.startsWith("-P")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid duration '" + text + "' (use e.g. 10s, 5m, 1h30m)");
      }
    }
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        boolean bareNumber = s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        throw new IllegalArgumentException(
            (bareNumber ? "missing unit in duration '" : "invalid duration '")
                + text + "' (use e.g. 10s, 5m, 1h30m)");
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
      at = m.end();
    }
    Duration d = Duration.ofNanos(nanos.longValueExact());
    return negative ? d.negated() : d;
  }

  /** Formats {@code d} the way Go prints durations, e.g. {@code 1h30m0s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    long h = d.toHours();
    int min = d.toMinutesPart();
    int sec = d.toSecondsPart();
    int nano = d.toNanosPart();
    if (h == 0 && min == 0 && sec == 0) {
      if (nano % 1_000_000 == 0) {
        return sb.append(nano / 1_000_000).append("ms").toString();
      }
      if (nano % 1_000 == 0) {
        return sb.append(nano / 1_000).append("µs").toString();
      }
      return sb.append(nano).append("ns").toString();
    }
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || min > 0) {
      sb.append(min).append('m');
    }
    sb.append(sec);
    if (nano > 0) {
      sb.append('.').append(String.format("%09d", nano).replaceAll("0+$", ""));
    }
    return sb.append('s').toString();
  }
}
