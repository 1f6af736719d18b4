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
package io.argogeneric.samples.calendar;

import java.util.Locale;
import java.util.Map;

/**
 * Parses cron fields with the grammar and the meaning of robfig/cron v3, the parser Argo uses: each
 * field becomes a bit set of the values it allows, plus robfig's "star" flag, which decides how the
 * two day fields combine. Values out of range, reversed ranges and {@code 7} for Sunday are refused
 * as robfig refuses them, with a message that names the field.
 */
final class CronFields {

  /** One field of a cron expression: its name for messages, its bounds, its names. */
  record Field(String name, int min, int max, Map<String, Integer> names) {}

  /** The values a field allows (bit {@code v} for value {@code v}), and robfig's star flag. */
  record Bits(long values, boolean star) {
    boolean has(int value) {
      return (values & (1L << value)) != 0;
    }
  }

  static final Field SECOND = new Field("second", 0, 59, Map.of());
  static final Field MINUTE = new Field("minute", 0, 59, Map.of());
  static final Field HOUR = new Field("hour", 0, 23, Map.of());
  static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, Map.of());
  static final Field MONTH =
      new Field(
          "month",
          1,
          12,
          Map.ofEntries(
              Map.entry("jan", 1),
              Map.entry("feb", 2),
              Map.entry("mar", 3),
              Map.entry("apr", 4),
              Map.entry("may", 5),
              Map.entry("jun", 6),
              Map.entry("jul", 7),
              Map.entry("aug", 8),
              Map.entry("sep", 9),
              Map.entry("oct", 10),
              Map.entry("nov", 11),
              Map.entry("dec", 12)));
  static final Field DAY_OF_WEEK =
      new Field(
          "day-of-week",
          0,
          6,
          Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6));

  private CronFields() {}

  /**
   * The values {@code text} allows as {@code field}. As in robfig's {@code getRange}: {@code *} and
   * {@code ?} mean the whole range and set the star flag, unless a step above 1 follows ({@code *}
   * {@code /2} is a restriction, not a star); {@code N/step} means {@code N-max/step}; a step
   * larger than the range leaves the start value alone ({@code *}{@code /60} in minutes is minute
   * 0).
   *
   * @throws IllegalArgumentException naming the field and the problem
   */
  static Bits parse(String text, Field field) {
    long values = 0;
    boolean star = false;
    for (String range : text.split(",", -1)) {
      Bits b = range(range, field);
      values |= b.values();
      star |= b.star();
    }
    return new Bits(values, star);
  }

  private static Bits range(String range, Field f) {
    if (range.isEmpty()) {
      throw new IllegalArgumentException(f.name() + ": empty element in a list");
    }
    String[] rangeAndStep = range.split("/", -1);
    if (rangeAndStep.length > 2) {
      throw new IllegalArgumentException(f.name() + ": too many slashes in '" + range + "'");
    }
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    int low;
    int high;
    boolean star = false;
    if (rangeAndStep[0].equals("*") || rangeAndStep[0].equals("?")) {
      low = f.min();
      high = f.max();
      star = true;
    } else if (lowAndHigh.length == 1) {
      low = value(lowAndHigh[0], f);
      high = rangeAndStep.length == 2 ? f.max() : low; // robfig: "N/step" means "N-max/step"
    } else if (lowAndHigh.length == 2) {
      low = value(lowAndHigh[0], f);
      high = value(lowAndHigh[1], f);
    } else {
      throw new IllegalArgumentException(f.name() + ": too many hyphens in '" + range + "'");
    }
    int step = 1;
    if (rangeAndStep.length == 2) {
      String text = rangeAndStep[1];
      if (!text.matches("\\d{1,9}") || Integer.parseInt(text) == 0) {
        throw new IllegalArgumentException(
            f.name() + ": step '" + text + "' in '" + range + "' must be a positive number");
      }
      step = Integer.parseInt(text);
      if (step > 1) {
        star = false; // robfig clears its star bit: */2 restricts the field
      }
    }
    if (low < f.min()) {
      throw new IllegalArgumentException(
          f.name() + ": " + low + " is below the minimum " + f.min());
    }
    if (high > f.max()) {
      throw new IllegalArgumentException(
          f.name()
              + ": "
              + high
              + " is above the maximum "
              + f.max()
              + (f == DAY_OF_WEEK && high == 7 ? " (Sunday is 0)" : ""));
    }
    if (low > high) {
      throw new IllegalArgumentException(f.name() + ": range '" + range + "' runs backwards");
    }
    long bits = 0;
    for (int v = low; v <= high; v += step) {
      bits |= 1L << v;
    }
    return new Bits(bits, star);
  }

  private static int value(String text, Field f) {
    Integer named = f.names().get(text.toLowerCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    if (!text.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          f.name()
              + ": '"
              + text
              + "' is not a number"
              + (f.names().isEmpty() ? "" : " or a name such as " + (f == MONTH ? "JAN" : "MON")));
    }
    return Integer.parseInt(text);
  }
}
