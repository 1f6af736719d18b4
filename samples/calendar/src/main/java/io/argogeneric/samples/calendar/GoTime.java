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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes instants the way Go's {@code time.Time.String()} does, which is what Argo's calendar puts
 * in {@code eventTime}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}.
 *
 * <p>Go takes the zone abbreviation from the IANA database ({@code EST}, {@code CEST}, and numeric
 * ones such as {@code +04} for Asia/Dubai), not from Java's locale data, which has names of its own
 * ({@code GST}). So this class reads the abbreviation from the system's zoneinfo file, as Go does:
 * the POSIX TZ rule at its end names the current standard and daylight abbreviations.
 */
final class GoTime {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
  private static final Pattern POSIX_TZ =
      Pattern.compile(
          "(<[^>]*>|[A-Za-z]+)([+-]?\\d{1,2}(?::\\d{2}){0,2})(?:(<[^>]*>|[A-Za-z]+)([+-]?\\d{1,2}(?::\\d{2}){0,2})?)?(?:,.*)?");
  private static final String[] ZONEINFO_DIRS = {
    "/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ"
  };
  private static final Map<ZoneId, Optional<Abbreviations>> CACHE = new ConcurrentHashMap<>();

  /**
   * The standard and (if any) daylight abbreviations of a zone's current rule, with their offsets.
   */
  record Abbreviations(String standard, int standardOffset, String daylight, int daylightOffset) {}

  /** Where Go's monotonic clock starts: the process's start (the JVM's, here). */
  private static final long PROCESS_START_NANOS =
      System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;

  private GoTime() {}

  /**
   * What {@code time.Now().String()} appends: {@code " m=+<seconds since the process started, 9
   * decimals>"}, Go's monotonic clock reading, read now.
   */
  static String monotonicSuffix() {
    return monotonicSuffix(System.nanoTime() - PROCESS_START_NANOS);
  }

  /** Go's text for a monotonic reading of {@code nanos}: {@code " m=+12.000483000"}. */
  static String monotonicSuffix(long nanos) {
    String sign = nanos < 0 ? "-" : "+";
    long abs = Math.abs(nanos);
    return " m="
        + sign
        + (abs / 1_000_000_000L)
        + "."
        + String.format(Locale.ROOT, "%09d", abs % 1_000_000_000L);
  }

  /** {@code instant} in {@code zone}, as Go's {@code time.Time.String()} prints it. */
  static String format(Instant instant, ZoneId zone) {
    ZonedDateTime t = instant.atZone(zone);
    StringBuilder sb = new StringBuilder(40).append(DATE_TIME.format(t));
    if (t.getNano() != 0) {
      sb.append('.').append(String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", ""));
    }
    int offset = t.getOffset().getTotalSeconds();
    sb.append(' ').append(offset < 0 ? '-' : '+');
    int minutes = Math.abs(offset) / 60;
    sb.append(String.format(Locale.ROOT, "%02d%02d", minutes / 60, minutes % 60));
    return sb.append(' ').append(abbreviation(zone, t)).toString();
  }

  static String abbreviation(ZoneId zone, ZonedDateTime t) {
    int offset = t.getOffset().getTotalSeconds();
    if (zone instanceof ZoneOffset) {
      return offset == 0 ? "UTC" : numeric(offset);
    }
    Optional<Abbreviations> names = CACHE.computeIfAbsent(zone, GoTime::readAbbreviations);
    if (names.isPresent()) {
      Abbreviations a = names.get();
      if (a.daylight() != null && offset == a.daylightOffset()) {
        return a.daylight();
      }
      if (offset == a.standardOffset()) {
        return a.standard();
      }
      return numeric(offset); // an offset the current rule does not know, e.g. a past one
    }
    // no zoneinfo file: Java's own short name where it has a real one, else the IANA numeric form
    String javaName = DateTimeFormatter.ofPattern("zzz", Locale.ROOT).format(t);
    return javaName.matches("[A-Z]{2,5}") ? javaName : numeric(offset);
  }

  /** IANA's numeric abbreviation: {@code +04}, {@code -03}, {@code +0530}. */
  static String numeric(int offsetSeconds) {
    int minutes = Math.abs(offsetSeconds) / 60;
    String hhmm =
        String.format(Locale.ROOT, "%02d", minutes / 60)
            + (minutes % 60 == 0 ? "" : String.format(Locale.ROOT, "%02d", minutes % 60));
    return (offsetSeconds < 0 ? "-" : "+") + hhmm;
  }

  private static Optional<Abbreviations> readAbbreviations(ZoneId zone) {
    String env = System.getenv("ZONEINFO");
    for (String dir : env == null ? ZONEINFO_DIRS : prepend(env, ZONEINFO_DIRS)) {
      Path file = Path.of(dir, zone.getId());
      try {
        if (Files.isRegularFile(file) && Files.size(file) < 1_000_000) {
          return parsePosixFooter(Files.readAllBytes(file));
        }
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The abbreviations in the POSIX TZ string that ends a version 2+ TZif file. */
  static Optional<Abbreviations> parsePosixFooter(byte[] tzif) {
    String text = new String(tzif, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("TZif") || !text.endsWith("\n")) {
      return Optional.empty();
    }
    int start = text.lastIndexOf('\n', text.length() - 2);
    return parsePosixTz(text.substring(start + 1, text.length() - 1));
  }

  static Optional<Abbreviations> parsePosixTz(String tz) {
    Matcher m = POSIX_TZ.matcher(tz);
    if (!m.matches()) {
      return Optional.empty();
    }
    int std = -posixOffset(m.group(2)); // POSIX counts hours west of Greenwich
    String daylight = m.group(3) == null ? null : unquote(m.group(3));
    int dst = m.group(4) == null ? std + 3600 : -posixOffset(m.group(4));
    return Optional.of(new Abbreviations(unquote(m.group(1)), std, daylight, dst));
  }

  private static int posixOffset(String text) {
    boolean negative = text.startsWith("-");
    String[] parts = text.replaceFirst("^[+-]", "").split(":");
    int seconds = 0;
    for (int i = 0; i < parts.length; i++) {
      seconds += Integer.parseInt(parts[i]) * (i == 0 ? 3600 : i == 1 ? 60 : 1);
    }
    return negative ? -seconds : seconds;
  }

  private static String unquote(String name) {
    return name.startsWith("<") ? name.substring(1, name.length() - 1) : name;
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
