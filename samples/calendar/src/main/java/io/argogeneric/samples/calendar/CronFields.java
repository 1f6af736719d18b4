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
 * Checks cron fields with the grammar of robfig/cron v3, the parser Argo uses, so that this server
 * rejects what Argo rejects (reversed ranges, {@code 7} for Sunday, values out of range) with a
 * message that names the field. cron-utils then computes the times; it is laxer on some of these.
 */
final class CronFields {

  /** One field of a cron expression: its name for messages, its bounds, its names. */
  record Field(String name, int min, int max, Map<String, Integer> names) {}

  static final Field SECOND = new Field("second", 0, 59, Map.of());
  static final Field MINUTE = new Field("minute", 0, 59, Map.of());
  static final Field HOUR = new Field("hour", 0, 23, Map.of());
  static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, Map.of());
  static final Field MONTH = new Field("month", 1, 12, Map.ofEntries(
      Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4),
      Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
      Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12)));
  static final Field DAY_OF_WEEK = new Field("day-of-week", 0, 6, Map.of(
      "sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6));

  private CronFields() {}

  /**
   * Checks {@code text} as {@code field} and returns it in the form cron-utils reads: {@code ?}
   * means {@code *} in every field, as in robfig/cron.
   *
   * @throws IllegalArgumentException naming the field and the problem
   */
  static String check(String text, Field field) {
    for (String range : text.split(",", -1)) {
      checkRange(range, field);
    }
    return text.replace('?', '*');
  }

  /**
   * True when the field starts any of its ranges with {@code *} or {@code ?}. robfig/cron (like
   * Vixie cron) combines day-of-month and day-of-week with AND when either is such a "star" field,
   * {@code *}{@code /2} included, and with OR when both are restricted.
   */
  static boolean isStar(String text) {
    for (String range : text.split(",", -1)) {
      if (range.startsWith("*") || range.startsWith("?")) {
        return true;
      }
    }
    return false;
  }

  private static void checkRange(String range, Field f) {
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
    if (rangeAndStep[0].equals("*") || rangeAndStep[0].equals("?")) {
      low = f.min();
      high = f.max();
    } else if (lowAndHigh.length == 1) {
      low = value(lowAndHigh[0], f);
      high = rangeAndStep.length == 2 ? f.max() : low; // robfig: "N/step" means "N-max/step"
    } else if (lowAndHigh.length == 2) {
      low = value(lowAndHigh[0], f);
      high = value(lowAndHigh[1], f);
    } else {
      throw new IllegalArgumentException(f.name() + ": too many hyphens in '" + range + "'");
    }
    if (rangeAndStep.length == 2) {
      String step = rangeAndStep[1];
      if (!step.matches("\\d{1,9}") || Integer.parseInt(step) == 0) {
        throw new IllegalArgumentException(f.name() + ": step '" + step + "' in '" + range + "' must be a positive number");
      }
    }
    if (low < f.min()) {
      throw new IllegalArgumentException(f.name() + ": " + low + " is below the minimum " + f.min());
    }
    if (high > f.max()) {
      throw new IllegalArgumentException(f.name() + ": " + high + " is above the maximum " + f.max()
          + (f == DAY_OF_WEEK && high == 7 ? " (Sunday is 0)" : ""));
    }
    if (low > high) {
      throw new IllegalArgumentException(f.name() + ": range '" + range + "' runs backwards");
    }
  }

  private static int value(String text, Field f) {
    Integer named = f.names().get(text.toLowerCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    if (!text.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(f.name() + ": '" + text + "' is not a number"
          + (f.names().isEmpty() ? "" : " or a name such as " + (f == MONTH ? "JAN" : "MON")));
    }
    return Integer.parseInt(text);
  }
}
