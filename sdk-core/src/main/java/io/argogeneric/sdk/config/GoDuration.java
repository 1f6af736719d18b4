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
package io.argogeneric.sdk.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Durations as Go writes them ({@code 90s}, {@code 1h30m}, {@code 250ms}), which is what Argo users
 * know from every other eventsource. The one parser and formatter of the project: configs, server
 * flags, the client CLI and the samples all read and print durations through it, so a message shows
 * {@code 1h30m0s}, never {@code PT1H30M}.
 *
 * <p>{@link #parse} reads what Go's {@code time.ParseDuration} reads, with Go's results (each term
 * truncated to whole nanoseconds; Go's range of about 292 years) and Go's error texts; ISO-8601
 * ({@code PT1H30M}) is accepted too.
 *
 * @since 0.1.0
 */
public final class GoDuration {
  /** Go's units; {@code µ} as the micro sign and as the Greek letter mu. */
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /**
   * Parses {@code text} as Go does ({@code 500ms}, {@code 1.5h}, {@code -2m}, {@code 0}), or as
   * ISO-8601 when it starts with {@code P} or {@code -P}.
   *
   * @throws IllegalArgumentException with Go's own message, e.g. {@code time: unknown unit "x" in
   *     duration "5x"}
   */
  public static Duration parse(String text) {
    String s = text;
    if (s.startsWith("P") || s.startsWith("-P")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    long totalNanos = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || isDigit(c))) {
        throw invalid(text);
      }
      int numberStart = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      boolean digitsBeforePoint = i > numberStart;
      boolean digitsAfterPoint = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        digitsAfterPoint = i > fractionStart;
      }
      if (!digitsBeforePoint && !digitsAfterPoint) {
        throw invalid(text);
      }
      String number = s.substring(numberStart, i);
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
      }
      String unit = s.substring(unitStart, i);
      Long perUnit = NANOS_PER_UNIT.get(unit);
      if (perUnit == null) {
        throw new IllegalArgumentException(
            "time: unknown unit " + quote(unit) + " in duration " + quote(text));
      }
      try {
        totalNanos = Math.addExact(totalNanos, termNanos(number, perUnit));
      } catch (ArithmeticException e) {
        throw invalid(text); // beyond Go's range of about 292 years
      }
    }
    return Duration.ofNanos(negative ? -totalNanos : totalNanos);
  }

  /**
   * {@code number} (digits, with a decimal point or not) times {@code perUnit}, truncated to whole
   * nanoseconds as Go does. Whole numbers stay in {@code long} arithmetic: BigDecimal's class
   * initialisation alone took a tenth of the server's start-up, where flag defaults are parsed.
   *
   * @throws ArithmeticException beyond {@code Long.MAX_VALUE} nanoseconds
   */
  private static long termNanos(String number, long perUnit) {
    if (number.indexOf('.') < 0 && number.length() <= 18) {
      return Math.multiplyExact(Long.parseLong(number), perUnit);
    }
    String plain =
        number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
    BigInteger nanos = new BigDecimal(plain).multiply(BigDecimal.valueOf(perUnit)).toBigInteger();
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new ArithmeticException("duration overflow");
    }
    return nanos.longValue();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + quote(text));
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  /**
   * Formats {@code d} the way Go's {@code Duration.String} prints it: {@code 1h30m0s}, {@code
   * 1.5s}, {@code 250ms}, {@code 0s}.
   */
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
    if (h == 0 && min == 0 && sec == 0) { // below a second Go picks the largest unit that fits
      if (nano < 1_000) {
        return sb.append(nano).append("ns").toString();
      }
      if (nano < 1_000_000) {
        return sb.append(fraction(nano, 1_000, 3)).append("\u00b5s").toString();
      }
      return sb.append(fraction(nano, 1_000_000, 6)).append("ms").toString();
    }
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || min > 0) {
      sb.append(min).append('m');
    }
    return sb.append(fraction(sec * 1_000_000_000L + nano, 1_000_000_000L, 9))
        .append('s')
        .toString();
  }

  /**
   * {@code n / unit} in decimal, without trailing zeros: {@code 1500, 1000, 3} gives {@code 1.5}.
   */
  private static String fraction(long n, long unit, int digits) {
    long rest = n % unit;
    if (rest == 0) {
      return Long.toString(n / unit);
    }
    String decimals = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
    return n / unit + "." + decimals;
  }
}
