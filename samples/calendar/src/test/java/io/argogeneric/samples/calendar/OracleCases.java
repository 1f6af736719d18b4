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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The catch-up cases CalendarOracleTest puts to the Go oracle and to the server: edge cases, then
 * seeded random ones.
 */
final class OracleCases {
  static final long SEED = 20261206L;
  static final int RANDOM_CASES = 420;

  /** Zones with something to test: DST at midnight, half-hour DST, odd offsets, Go-only names. */
  static final List<String> ZONES =
      List.of(
          "",
          "UTC",
          "America/New_York",
          "Europe/Berlin",
          "America/Santiago",
          "Australia/Lord_Howe",
          "Asia/Kolkata",
          "Asia/Kathmandu",
          "America/Sao_Paulo",
          "Pacific/Chatham",
          "America/Havana",
          "Asia/Tehran",
          "Europe/London",
          "Antarctica/Troll",
          "Africa/Casablanca",
          "EST",
          "MST",
          "Local",
          "America/Asuncion",
          "Asia/Gaza");

  /**
   * One case. {@code allow} names the documented difference this case is expected to show (see the
   * README's table), or is null when the server must do exactly what the oracle does.
   */
  record Case(
      String id,
      String schedule,
      String interval,
      String timezone,
      List<String> exclusionDates,
      Instant last,
      boolean lastInZone,
      Instant now,
      String maxDuration,
      String allow) {

    Map<String, Object> toOracle() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("kind", "catchup");
      m.put("schedule", schedule == null ? "" : schedule);
      m.put("interval", interval == null ? "" : interval);
      m.put("timezone", timezone == null ? "" : timezone);
      m.put("exclusionDates", exclusionDates);
      m.put("last", last == null ? "" : last.toString());
      m.put("lastInZone", lastInZone);
      m.put("now", now.toString());
      m.put("maxDuration", maxDuration == null ? "" : maxDuration);
      m.put("limit", 400);
      return m;
    }

    /** The generic entry's config, as a user would write it (JSON is YAML). */
    Map<String, Object> config() {
      Map<String, Object> m = new LinkedHashMap<>();
      if (schedule != null) {
        m.put("schedule", schedule);
      }
      if (interval != null) {
        m.put("interval", interval);
      }
      if (timezone != null) {
        m.put("timezone", timezone);
      }
      if (!exclusionDates.isEmpty()) {
        m.put("exclusionDates", exclusionDates);
      }
      Map<String, Object> catchup = new LinkedHashMap<>();
      catchup.put("enabled", true);
      if (maxDuration != null) {
        catchup.put("maxDuration", maxDuration);
      }
      m.put("persistence", Map.of("catchup", catchup));
      return m;
    }
  }

  private final List<Case> cases = new ArrayList<>();

  private OracleCases() {}

  static List<Case> all() {
    OracleCases c = new OracleCases();
    c.edges();
    c.dstEdges();
    c.random(new Random(SEED));
    return c.cases;
  }

  private void add(
      String schedule,
      String interval,
      String timezone,
      List<String> ex,
      String last,
      boolean lastInZone,
      String now,
      String maxDuration,
      String allow) {
    cases.add(
        new Case(
            "e" + cases.size(),
            schedule,
            interval,
            timezone,
            ex,
            last == null ? null : Instant.parse(last),
            lastInZone,
            Instant.parse(now),
            maxDuration,
            allow));
  }

  private void cron(String schedule, String timezone, String last, String now) {
    add(schedule, null, timezone, List.of(), last, false, now, null, null);
  }

  /** One or more cases for each item of issue 17, and for each documented difference. */
  private void edges() {
    // day-of-month OR day-of-week: */2 is a restriction, not a star
    cron("0 9 */2 * MON-FRI", null, "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z");
    cron("0 0 */10 * MON", null, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z");
    cron("0 0 */1 * MON", null, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z");
    cron("0 0 ?/2 * 1", null, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    cron("0 0 1-31/2 * SUN", null, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    cron("0 0 13 * */2", null, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    cron("0 0 *,13 * FRI", null, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    cron("0 0 13 * FRI", null, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    // steps larger than the field
    cron("*/60 * * * *", null, "2026-01-01T00:00:00Z", "2026-01-01T05:30:00Z");
    cron("0 */24 * * *", null, "2026-01-01T00:00:00Z", "2026-01-05T05:30:00Z");
    cron("0 0 */32 * *", null, "2026-01-01T00:00:00Z", "2026-05-05T05:30:00Z");
    cron("0 0 * * */7", null, "2026-01-01T00:00:00Z", "2026-02-05T05:30:00Z");
    cron("0 0 * */13 *", null, "2026-01-01T00:00:00Z", "2028-02-05T05:30:00Z");
    cron("0 0 10/40 * *", null, "2026-01-01T00:00:00Z", "2026-05-05T05:30:00Z");
    // exclusion dates in the timezone, not in the CRON_TZ zone
    add(
        "CRON_TZ=Asia/Tokyo 0 8 * * *",
        null,
        "America/New_York",
        List.of("EXDATE:20261224T000000Z"),
        "2026-12-20T00:00:00Z",
        false,
        "2026-12-28T00:00:00Z",
        null,
        null);
    add(
        "CRON_TZ=Asia/Tokyo 0 8 * * *",
        null,
        null,
        List.of("EXDATE:20261224T000000Z,20261226T000000Z"),
        "2026-12-20T00:00:00Z",
        false,
        "2026-12-28T00:00:00Z",
        null,
        null);
    add(
        "0 23 * * *",
        null,
        "America/New_York",
        List.of("EXDATE:20261225T000000Z"),
        "2026-12-20T00:00:00Z",
        true,
        "2026-12-28T00:00:00Z",
        null,
        null);
    add(
        null,
        "7h",
        "Asia/Tokyo",
        List.of("EXDATE:20260102T000000Z"),
        "2026-01-01T00:00:00Z",
        false,
        "2026-01-04T00:00:00Z",
        null,
        null);
    // intervals: cut to the second before adding
    add(
        null,
        "1500ms",
        null,
        List.of(),
        "2026-03-01T00:00:00.700Z",
        false,
        "2026-03-01T00:00:09Z",
        null,
        null);
    add(
        null,
        "10s",
        null,
        List.of(),
        "2026-03-01T00:00:00.999999999Z",
        false,
        "2026-03-01T00:01:00Z",
        null,
        null);
    add(
        null,
        "90s",
        null,
        List.of(),
        "2026-03-01T00:00:00.5Z",
        false,
        "2026-03-01T01:00:00.25Z",
        null,
        null);
    add(
        null,
        "2.5s",
        "Europe/Berlin",
        List.of(),
        "2026-03-01T00:00:00.123Z",
        true,
        "2026-03-01T00:01:00Z",
        null,
        null);
    add(null, "1h", null, List.of(), null, false, "2026-03-01T00:00:00.75Z", null, null);
    add(
        null,
        "10s",
        "UTC",
        List.of(),
        "2026-03-09T00:00:00Z",
        false,
        "2026-03-10T00:00:00Z",
        "30s",
        null);
    add(
        null,
        "10s",
        null,
        List.of(),
        "2026-03-09T00:00:00Z",
        false,
        "2026-03-10T00:00:00Z",
        "30s",
        "catch-up-monotonic");
    add(
        null,
        "500ms",
        null,
        List.of(),
        "2026-03-01T00:00:00Z",
        false,
        "2026-03-01T00:00:05Z",
        null,
        "sub-second-interval");
    // zones Go loads
    for (String z :
        List.of(
            "Local", "EST", "MST", "HST", "posix/Europe/Berlin", "ROC", "GMT+0", "Etc/GMT-14")) {
      cron("0 9 * * *", z, "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
      cron(
          "CRON_TZ=" + z + " 0 9 * * *",
          "Europe/Berlin",
          "2026-01-01T00:00:00Z",
          "2026-01-04T00:00:00Z");
    }
    cron("TZ= 0 9 * * *", "Asia/Tokyo", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
    cron("CRON_TZ=UTC 0 9 * * *", "Asia/Tokyo", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
    cron("0 9 * * *", "SystemV/EST5", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
    cron("0 9 * * *", "Mars/Olympus", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
    // maxDuration, no history, slot at now
    add(
        "0 * * * *",
        null,
        null,
        List.of(),
        "2026-01-01T00:00:00Z",
        false,
        "2026-01-03T00:00:00Z",
        "5h",
        null);
    add("0 * * * *", null, null, List.of(), null, false, "2026-01-03T00:00:00Z", null, null);
    add(
        "0 * * * *",
        null,
        null,
        List.of(),
        "2026-01-02T20:00:00Z",
        false,
        "2026-01-03T00:00:00Z",
        null,
        null);
    add(
        "0 9 * * *",
        null,
        "Asia/Kathmandu",
        List.of(),
        "2026-01-01T03:15:00Z",
        true,
        "2026-01-05T00:00:00Z",
        null,
        "argo-cannot-read-its-event-time");
    // robfig's DST arithmetic, which this server does not copy
    add(
        "0 0 * * *",
        null,
        "Australia/Lord_Howe",
        List.of(),
        "2026-04-03T15:00:00Z",
        false,
        "2026-04-07T15:00:00Z",
        null,
        "robfig-half-hour-dst");
    add(
        "0 1 * * SAT",
        null,
        "America/Santiago",
        List.of(),
        "2026-09-04T00:00:00Z",
        false,
        "2026-09-10T00:00:00Z",
        null,
        "robfig-midnight-dst");
    // what Argo accepts and this server refuses, and the other way round
    cron("0 0 30 2 *", null, "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
    cases.set(cases.size() - 1, withAllow(cases.get(cases.size() - 1), "refused-here"));
    cron("*-5 * * * *", null, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    cron(
        "CRON_TZ=UTC",
        null,
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z"); // Argo panics: a refusal of sorts
    for (String s : List.of("1,,2 * * * *", "+5 * * * *")) {
      add(
          s,
          null,
          null,
          List.of(),
          "2026-01-01T00:00:00Z",
          false,
          "2026-01-02T00:00:00Z",
          null,
          "refused-here");
    }
    add(
        null,
        "1h",
        null,
        List.of("20261225"),
        "2026-01-01T00:00:00Z",
        false,
        "2026-01-01T05:00:00Z",
        null,
        "refused-here");
    for (String s : List.of("*/20 * * * * *", "@daily", "@every 1h", "@hourly")) {
      add(
          s,
          null,
          null,
          List.of(),
          "2026-01-01T00:00:00Z",
          false,
          "2026-01-02T00:00:00Z",
          null,
          "accepted-here");
    }
    // both refuse
    for (String s :
        List.of(
            "61 * * * *", "0 0 * * 7", "0 0 * * MON-SUN", "*/0 * * * *", "0 0 0 * *", "* * * *")) {
      cron(s, null, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    }
  }

  private static Case withAllow(Case c, String allow) {
    return new Case(
        c.id(),
        c.schedule(),
        c.interval(),
        c.timezone(),
        c.exclusionDates(),
        c.last(),
        c.lastInZone(),
        c.now(),
        c.maxDuration(),
        allow);
  }

  /**
   * Each schedule across the 2026 changes of each zone with DST, from two days before to two days
   * after.
   */
  private void dstEdges() {
    List<String> schedules =
        List.of(
            "0 * * * *",
            "30 * * * *",
            "0 0 * * *",
            "30 2 * * *",
            "0 0 * * SAT",
            "0 0 * * SUN",
            "15 1 * * *",
            "*/20 0-3 * * *",
            "0 23 * * *",
            "0 1 * * SAT",
            "0 12 * * SAT",
            "0 12 * * SUN");
    for (String zone :
        List.of(
            "America/New_York",
            "Europe/Berlin",
            "America/Santiago",
            "Australia/Lord_Howe",
            "America/Havana",
            "America/Asuncion",
            "Asia/Gaza",
            "Africa/Casablanca",
            "Antarctica/Troll")) {
      ZoneId z = ZoneId.of(zone);
      ZoneOffsetTransition t = z.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
      for (int i = 0; i < 2 && t != null; i++) {
        Instant at = t.getInstant();
        for (String s : schedules) {
          cron(
              s,
              zone,
              at.minus(Duration.ofDays(2)).toString(),
              at.plus(Duration.ofDays(2)).toString());
        }
        t = z.getRules().nextTransition(at);
      }
    }
  }

  private void random(Random r) {
    for (int i = 0; i < RANDOM_CASES; i++) {
      Instant last = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(r.nextInt(10 * 365 * 86400));
      if (r.nextInt(4) == 0) {
        last = last.plusNanos(r.nextInt(1_000_000_000));
      }
      Duration span =
          switch (r.nextInt(5)) {
            case 0 -> Duration.ofMinutes(20 + r.nextInt(200));
            case 1 -> Duration.ofHours(10 + r.nextInt(60));
            case 2 -> Duration.ofDays(5 + r.nextInt(30));
            case 3 -> Duration.ofDays(60 + r.nextInt(300));
            default -> Duration.ofDays(400 + r.nextInt(1500));
          };
      Instant now = last.plus(span).plusSeconds(r.nextInt(3600));
      String zone = pick(r, ZONES);
      String schedule = null;
      String interval = null;
      if (r.nextInt(6) == 0) {
        interval =
            pick(
                r,
                List.of("1s", "1500ms", "90s", "7m", "1h", "25h", "3h30m", "2.5s", "36h", "168h"));
      } else {
        schedule =
            field(r, 0, 59, 3)
                + " "
                + field(r, 0, 23, 2)
                + " "
                + dayOfMonth(r)
                + " "
                + month(r)
                + " "
                + dayOfWeek(r);
        if (r.nextInt(6) == 0) {
          schedule = "CRON_TZ=" + pick(r, ZONES.subList(1, ZONES.size())) + " " + schedule;
        }
      }
      List<String> ex = new ArrayList<>();
      if (r.nextInt(4) == 0) {
        StringBuilder sb = new StringBuilder("EXDATE:");
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
          Instant d =
              last.plusSeconds((long) (r.nextDouble() * Math.min(span.toSeconds(), 40L * 86400)));
          sb.append(k == 0 ? "" : ",")
              .append(
                  DateTimeFormatter.BASIC_ISO_DATE.format(
                      LocalDate.ofInstant(d, java.time.ZoneOffset.UTC)))
              .append("T000000Z");
        }
        ex.add(sb.toString());
      }
      String maxDuration =
          r.nextInt(5) == 0 ? pick(r, List.of("1h", "30m", "72h", "10m30s", "240h")) : null;
      cases.add(
          new Case(
              "r" + i,
              schedule,
              interval,
              zone.isEmpty() && r.nextBoolean() ? null : zone,
              ex,
              r.nextInt(12) == 0 ? null : last,
              r.nextBoolean(),
              now,
              maxDuration,
              null));
    }
  }

  private static String pick(Random r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** A minute or hour field; {@code spread} makes frequent forms rarer. */
  private static String field(Random r, int min, int max, int spread) {
    int parts = 1 + (r.nextInt(5) == 0 ? 1 + r.nextInt(2) : 0);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      int a = min + r.nextInt(max - min + 1);
      int b = a + r.nextInt(max - a + 1);
      int k = r.nextInt(10 + spread * 4);
      out.add(
          switch (k) {
            case 0 -> "*";
            case 1 -> "*/" + (1 + r.nextInt(max + 5));
            case 2 -> a + "-" + b;
            case 3 -> a + "-" + b + "/" + (1 + r.nextInt(max));
            case 4 -> a + "/" + (1 + r.nextInt(max + 3));
            case 5 -> String.valueOf(r.nextInt(40) == 0 ? max + 1 : a);
            default -> String.valueOf(a);
          });
    }
    return String.join(",", out);
  }

  private static String dayOfMonth(Random r) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2, 3 -> "*";
      case 4 -> "?";
      case 5 -> "*/" + (1 + r.nextInt(33));
      case 6 -> String.valueOf(1 + r.nextInt(31));
      case 7 -> (1 + r.nextInt(15)) + "-" + (15 + r.nextInt(17));
      case 8 -> (1 + r.nextInt(10)) + "," + (11 + r.nextInt(20));
      default -> (1 + r.nextInt(28)) + "/" + (1 + r.nextInt(10));
    };
  }

  private static String month(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> "JAN,jul";
      case 1 -> "3-10";
      case 2 -> "*/" + (1 + r.nextInt(13));
      case 3 -> String.valueOf(1 + r.nextInt(12));
      default -> "*";
    };
  }

  private static String dayOfWeek(Random r) {
    return switch (r.nextInt(12)) {
      case 0, 1, 2, 3 -> "*";
      case 4 -> "?";
      case 5 -> "MON-FRI";
      case 6 -> "*/" + (1 + r.nextInt(8));
      case 7 -> String.valueOf(r.nextInt(7));
      case 8 -> "SUN,sat";
      case 9 -> "1-5/2";
      case 10 -> r.nextInt(10) == 0 ? "7" : "TUE";
      default -> "?/3";
    };
  }
}
