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

import io.argogeneric.sdk.config.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a calendar fires: a cron expression (robfig/cron v3's grammar and meaning) or a fixed
 * interval, in a time zone, minus exclusion dates. Pure: no clock, no threads; the stream's timer
 * asks it for the slot after the last one.
 *
 * <p>A cron slot is the earliest whole second after the given instant whose wall-clock time in the
 * zone matches every field. That is what robfig/cron's {@code Next} computes, so daylight saving
 * behaves as in Argo: a wall time that a spring-forward skips does not fire that day, and a wall
 * time that a fall-back repeats fires twice, once per offset. (Where robfig's arithmetic departs
 * from that rule, at a midnight or half-hour change, this class keeps the rule; see the README.)
 */
final class Schedule {
  /**
   * A fixed reference from which every satisfiable cron expression fires within robfig's five
   * years.
   */
  private static final Instant REFERENCE = Instant.parse("2000-01-01T00:00:00Z");

  private static final Duration SECOND = Duration.ofSeconds(1);

  private final ZoneId zone; // the zone the fields are read in (CRON_TZ, else the timezone)
  private final ZoneId exclusionZone; // the timezone (UTC when unset): Argo compares dates there
  private final CronFields.Bits[] fields; // second, minute, hour, day-of-month, month, day-of-week
  private final Duration interval;
  private final Set<LocalDate> excluded;

  private Schedule(
      ZoneId zone,
      ZoneId exclusionZone,
      CronFields.Bits[] fields,
      Duration interval,
      Set<LocalDate> excluded) {
    this.zone = zone;
    this.exclusionZone = exclusionZone;
    this.fields = fields;
    this.interval = interval;
    this.excluded = Set.copyOf(excluded);
  }

  /**
   * Parses a schedule: five cron fields, or six with seconds first, optionally after {@code
   * CRON_TZ=<zone>} or {@code TZ=<zone>}; or a descriptor ({@code @yearly}, {@code @annually},
   * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}, {@code
   * @every <duration>}). {@code zone} (the timezone, UTC when unset) applies unless the expression
   * names its own; exclusion dates are always compared in {@code zone}.
   *
   * @throws IllegalArgumentException with a message fit for a user
   */
  static Schedule parse(String spec, ZoneId zone) {
    String s = spec.trim();
    ZoneId fieldsZone = zone;
    if (s.startsWith("CRON_TZ=") || s.startsWith("TZ=")) {
      String[] prefixAndRest = s.split("\\s+", 2);
      if (prefixAndRest.length < 2) {
        throw new IllegalArgumentException("nothing follows '" + prefixAndRest[0] + "'");
      }
      String name = prefixAndRest[0].substring(prefixAndRest[0].indexOf('=') + 1);
      // robfig takes Go's time.Local as "no zone given": CRON_TZ=Local reads the fields in the
      // timezone
      fieldsZone = name.equals("Local") ? zone : GoZones.load(name);
      s = prefixAndRest[1];
    }
    if (s.startsWith("@every ")) {
      return every(GoDuration.parse(s.substring("@every ".length())), zone);
    }
    String expression =
        switch (s) {
          case "@yearly", "@annually" -> "0 0 1 1 *";
          case "@monthly" -> "0 0 1 * *";
          case "@weekly" -> "0 0 * * 0";
          case "@daily", "@midnight" -> "0 0 * * *";
          case "@hourly" -> "0 * * * *";
          default -> s;
        };
    if (expression.startsWith("@")) {
      throw new IllegalArgumentException(
          "unknown descriptor '"
              + s
              + "' (use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>)");
    }
    String[] texts = expression.split("\\s+");
    if (texts.length != 5 && texts.length != 6) {
      throw new IllegalArgumentException(
          "expected 5 fields (minute hour day-of-month month day-of-week), "
              + "or 6 with seconds first, found "
              + texts.length);
    }
    List<CronFields.Field> kinds =
        new ArrayList<>(
            List.of(
                CronFields.MINUTE,
                CronFields.HOUR,
                CronFields.DAY_OF_MONTH,
                CronFields.MONTH,
                CronFields.DAY_OF_WEEK));
    List<String> all = new ArrayList<>(List.of(texts));
    kinds.add(0, CronFields.SECOND);
    if (texts.length == 5) {
      all.add(0, "0");
    }
    CronFields.Bits[] bits = new CronFields.Bits[6];
    for (int i = 0; i < 6; i++) {
      bits[i] = CronFields.parse(all.get(i), kinds.get(i));
    }
    Schedule schedule = new Schedule(fieldsZone, zone, bits, null, Set.of());
    if (schedule.next(REFERENCE) == null) {
      throw new IllegalArgumentException("never fires (no such date)");
    }
    return schedule;
  }

  /**
   * A slot every {@code interval} after the previous one, which is first cut to the whole second
   * when the interval is a second or more, as robfig's {@code ConstantDelaySchedule} does. The
   * first slot is one interval after the stream's start, cut the same way.
   *
   * @throws IllegalArgumentException when the interval is under a millisecond
   */
  static Schedule every(Duration interval, ZoneId zone) {
    if (interval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "must be at least 1ms, got " + GoDuration.format(interval));
    }
    return new Schedule(zone, zone, null, interval, Set.of());
  }

  /**
   * This schedule without the slots whose date, in the timezone (not a CRON_TZ zone), is one of
   * {@code dates}.
   */
  Schedule excluding(Set<LocalDate> dates) {
    return new Schedule(zone, exclusionZone, fields, interval, dates);
  }

  /** The zone the fields are read in. */
  ZoneId zone() {
    return zone;
  }

  /**
   * The first slot after {@code after}, in the zone the fields are read in; empty when there is
   * none.
   */
  Optional<ZonedDateTime> next(ZonedDateTime after) {
    return Optional.ofNullable(next(after.toInstant())).map(t -> t.atZone(zone));
  }

  /** The first slot after {@code after}, or null when there is none. */
  Instant next(Instant after) {
    Instant slot = rawNext(after);
    while (slot != null && excluded.contains(LocalDate.ofInstant(slot, exclusionZone))) {
      // Argo asks for the next slot until its date is not excluded; jump to the next day at once
      Instant nextDay =
          LocalDate.ofInstant(slot, exclusionZone)
              .plusDays(1)
              .atStartOfDay(exclusionZone)
              .toInstant();
      slot =
          interval != null
              ? firstIntervalSlotAtOrAfter(slot, nextDay)
              : rawNext(nextDay.minusNanos(1));
    }
    return slot;
  }

  private Instant firstIntervalSlotAtOrAfter(Instant slot, Instant when) {
    // after one step, robfig's slots are whole seconds apart: slot - fraction + interval
    Duration step =
        interval.compareTo(SECOND) < 0 ? interval : interval.truncatedTo(ChronoUnit.SECONDS);
    long gap = Duration.between(slot, when).toNanos();
    long n = (gap + step.toNanos() - 1) / step.toNanos();
    return slot.plus(step.multipliedBy(n));
  }

  private Instant rawNext(Instant after) {
    if (interval != null) {
      // robfig: t.Add(Delay - t.Nanosecond()); under a second that never moves on (Argo then emits
      // one slot in a loop), so such an interval simply adds up here
      return interval.compareTo(SECOND) < 0
          ? after.plus(interval)
          : after.truncatedTo(ChronoUnit.SECONDS).plus(interval);
    }
    // Walk the zone's stretches of constant offset; within one, wall time runs with the instant.
    Instant from = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    ZoneRules rules = zone.getRules();
    for (int stretch = 0; stretch < 10_000; stretch++) {
      ZoneOffset offset = rules.getOffset(from);
      LocalDateTime match = nextWallTimeAtOrAfter(LocalDateTime.ofInstant(from, offset));
      if (match == null) {
        return null;
      }
      Instant candidate = match.toInstant(offset);
      ZoneOffsetTransition change = rules.nextTransition(from);
      if (change == null || candidate.isBefore(change.getInstant())) {
        return candidate;
      }
      from = change.getInstant();
    }
    return null;
  }

  /**
   * The first wall time at or after {@code wall} that matches; null past robfig's limit of five
   * years.
   */
  private LocalDateTime nextWallTimeAtOrAfter(LocalDateTime wall) {
    LocalDate limit = LocalDate.of(wall.getYear() + 6, 1, 1);
    LocalDate date = wall.toLocalDate();
    LocalTime from = wall.toLocalTime();
    while (date.isBefore(limit)) {
      if (!fields[4].has(date.getMonthValue())) {
        date = date.withDayOfMonth(1).plusMonths(1);
        from = LocalTime.MIDNIGHT;
        continue;
      }
      if (dayMatches(date)) {
        LocalTime time = firstTimeAtOrAfter(from);
        if (time != null) {
          return date.atTime(time);
        }
      }
      date = date.plusDays(1);
      from = LocalTime.MIDNIGHT;
    }
    return null;
  }

  /** robfig's dayMatches: both day fields must match when either is a star, else either may. */
  private boolean dayMatches(LocalDate date) {
    boolean dom = fields[3].has(date.getDayOfMonth());
    boolean dow = fields[5].has(date.getDayOfWeek().getValue() % 7);
    return fields[3].star() || fields[5].star() ? dom && dow : dom || dow;
  }

  private LocalTime firstTimeAtOrAfter(LocalTime from) {
    for (int h = from.getHour(); h < 24; h++) {
      if (!fields[2].has(h)) {
        continue;
      }
      for (int m = h == from.getHour() ? from.getMinute() : 0; m < 60; m++) {
        if (!fields[1].has(m)) {
          continue;
        }
        boolean sameMinute = h == from.getHour() && m == from.getMinute();
        for (int s = sameMinute ? from.getSecond() : 0; s < 60; s++) {
          if (fields[0].has(s)) {
            return LocalTime.of(h, m, s);
          }
        }
      }
    }
    return null;
  }

  /**
   * The zone named {@code name}, as Go's {@code time.LoadLocation} finds it.
   *
   * @throws IllegalArgumentException naming the value when Go would not load it
   */
  static ZoneId zone(String name) {
    return GoZones.load(name);
  }
}
