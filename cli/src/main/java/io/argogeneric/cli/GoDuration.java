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
package io.argogeneric.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * A duration written as Go's {@code time.ParseDuration} reads it ({@code 500ms}, {@code 5s},
 * {@code 1m30s}, {@code 1.5h}), kept with the text the user typed so messages can echo it.
 */
record GoDuration(Duration value, String text) {

    private static final Map<String, BigInteger> NANOS_PER_UNIT = Map.of(
            "ns", BigInteger.ONE,
            "us", BigInteger.valueOf(1_000L),
            "\u00b5s", BigInteger.valueOf(1_000L), // micro sign
            "\u03bcs", BigInteger.valueOf(1_000L), // Greek small letter mu
            "ms", BigInteger.valueOf(1_000_000L),
            "s", BigInteger.valueOf(1_000_000_000L),
            "m", BigInteger.valueOf(60_000_000_000L),
            "h", BigInteger.valueOf(3_600_000_000_000L));

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    @Override
    public String toString() {
        return text;
    }

    /** Parses like Go, with Go's error texts; Go's range (about 292 years) is the limit. */
    static GoDuration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return new GoDuration(Duration.ZERO, text);
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigInteger totalNanos = BigInteger.ZERO;
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
            BigInteger perUnit = NANOS_PER_UNIT.get(unit);
            if (perUnit == null) {
                throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(text));
            }
            String plain = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
            // Go truncates each term to whole nanoseconds.
            totalNanos = totalNanos.add(new BigDecimal(plain).multiply(new BigDecimal(perUnit)).toBigInteger());
            if (totalNanos.compareTo(MAX_NANOS) > 0) {
                throw invalid(text);
            }
        }
        long nanos = totalNanos.longValueExact();
        return new GoDuration(Duration.ofNanos(negative ? -nanos : nanos), text);
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
}
