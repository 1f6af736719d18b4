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

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.argogeneric.sdk.internal.config.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
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
 * When a calendar fires: a cron expression (robfig/cron semantics) or a fixed interval, in a time
 * zone, minus exclusion dates. Pure: no clock, no threads; the stream's timer asks it for the slot
 * after the last one.
 *
 * <p>A cron slot is the earliest whole second after the given instant whose wall-clock time in the
 * zone matches every field. That is what robfig/cron's {@code Next} computes, so daylight saving
 * behaves as in Argo: a wall time that a spring-forward skips does not fire that day, and a wall
 * time that a fall-back repeats fires twice, once per offset.
 */
final class Schedule {
  private static final CronParser FIVE_FIELDS = new CronParser(definition(false));
  private static final CronParser SIX_FIELDS = new CronParser(definition(true));
  /** A fixed reference from which every satisfiable cron expression fires within eight years. */
  private static final Instant REFERENCE = Instant.parse("2000-01-01T00:00:00Z");

  private final ZoneId zone;
  private final List<ExecutionTime> cron; // any of them may fire (day-of-month OR day-of-week)
  private final Duration interval;
  private final Set<LocalDate> excluded;

  private Schedule(ZoneId zone, List<ExecutionTime> cron, Duration interval, Set<LocalDate> excluded) {
    this.zone = zone;
    this.cron = cron;
    this.interval = interval;
    this.excluded = Set.copyOf(excluded);
  }

  /**
   * Parses a schedule: five cron fields, or six with seconds first, optionally after {@code
   * CRON_TZ=<zone>} or {@code TZ=<zone>}; or a descriptor ({@code @yearly}, {@code @annually},
   * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}, {@code
   * @every <duration>}). {@code zone} applies unless the expression names its own.
   *
   * @throws IllegalArgumentException with a message fit for a user
   */
  static Schedule parse(String spec, ZoneId zone) {
    String s = spec.trim();
    if (s.startsWith("CRON_TZ=") || s.startsWith("TZ=")) {
      String[] prefixAndRest = s.split("\\s+", 2);
      if (prefixAndRest.length < 2) {
        throw new IllegalArgumentException("nothing follows '" + prefixAndRest[0] + "'");
      }
      zone = zone(prefixAndRest[0].substring(prefixAndRest[0].indexOf('=') + 1));
      s = prefixAndRest[1];
    }
    if (s.startsWith("@every ")) {
      return every(GoDuration.parse(s.substring("@every ".length())), zone);
    }
    String expression = switch (s) {
      case "@yearly", "@annually" -> "0 0 1 1 *";
      case "@monthly" -> "0 0 1 * *";
      case "@weekly" -> "0 0 * * 0";
      case "@daily", "@midnight" -> "0 0 * * *";
      case "@hourly" -> "0 * * * *";
      default -> s;
    };
    if (expression.startsWith("@")) {
      throw new IllegalArgumentException("unknown descriptor '" + s
          + "' (use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>)");
    }
    String[] fields = expression.split("\\s+");
    boolean seconds = fields.length == 6;
    if (fields.length != 5 && !seconds) {
      throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month day-of-week), "
          + "or 6 with seconds first, found " + fields.length);
    }
    List<CronFields.Field> kinds = new ArrayList<>(List.of(CronFields.MINUTE, CronFields.HOUR,
        CronFields.DAY_OF_MONTH, CronFields.MONTH, CronFields.DAY_OF_WEEK));
    if (seconds) {
      kinds.add(0, CronFields.SECOND);
    }
    String[] normalized = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      normalized[i] = CronFields.check(fields[i], kinds.get(i));
    }
    int dom = fields.length - 3;
    int dow = fields.length - 1;
    List<String> expressions = new ArrayList<>();
    if (CronFields.isStar(fields[dom]) || CronFields.isStar(fields[dow])) {
      expressions.add(String.join(" ", normalized)); // AND, which cron-utils does
    } else {
      // both restricted: a day matches either field, which cron-utils would AND; take the union
      String[] byMonthDay = normalized.clone();
      byMonthDay[dow] = "*";
      String[] byWeekDay = normalized.clone();
      byWeekDay[dom] = "*";
      expressions.add(String.join(" ", byMonthDay));
      expressions.add(String.join(" ", byWeekDay));
    }
    List<ExecutionTime> times = new ArrayList<>();
    for (String e : expressions) {
      try {
        times.add(ExecutionTime.forCron((seconds ? SIX_FIELDS : FIVE_FIELDS).parse(e)));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(ex.getMessage().replace("Failed to parse cron expression. ", ""));
      }
    }
    Schedule schedule = new Schedule(zone, List.copyOf(times), null, Set.of());
    if (schedule.next(REFERENCE) == null) {
      throw new IllegalArgumentException("never fires (no such date)");
    }
    return schedule;
  }

  /**
   * A slot every {@code interval}: the first one {@code interval} after the stream starts.
   *
   * @throws IllegalArgumentException when the interval is under a millisecond
   */
  static Schedule every(Duration interval, ZoneId zone) {
    if (interval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("must be at least 1ms, got " + GoDuration.format(interval));
    }
    return new Schedule(zone, List.of(), interval, Set.of());
  }

  /** This schedule without the slots whose date, in its zone, is one of {@code dates}. */
  Schedule excluding(Set<LocalDate> dates) {
    return new Schedule(zone, cron, interval, dates);
  }

  /** The zone the schedule is read in. */
  ZoneId zone() {
    return zone;
  }

  /** The first slot after {@code after}, in this schedule's zone; empty when there is none. */
  Optional<ZonedDateTime> next(ZonedDateTime after) {
    return Optional.ofNullable(next(after.toInstant())).map(t -> t.atZone(zone));
  }

  /** The first slot after {@code after}, or null when there is none. */
  Instant next(Instant after) {
    Instant slot = rawNext(after);
    while (slot != null && excluded.contains(LocalDate.ofInstant(slot, zone))) {
      Instant nextDay = LocalDate.ofInstant(slot, zone).plusDays(1).atStartOfDay(zone).toInstant();
      slot = interval != null ? firstIntervalSlotAtOrAfter(slot, nextDay) : rawNext(nextDay.minusNanos(1));
    }
    return slot;
  }

  private Instant firstIntervalSlotAtOrAfter(Instant slot, Instant when) {
    long gap = Duration.between(slot, when).toNanos();
    long n = (gap + interval.toNanos() - 1) / interval.toNanos();
    return slot.plus(interval.multipliedBy(n));
  }

  private Instant rawNext(Instant after) {
    if (interval != null) {
      return after.plus(interval);
    }
    // Walk the zone's stretches of constant offset; within one, wall time runs with the instant,
    // so cron-utils can do the calendar arithmetic in an offset-free frame.
    Instant from = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    ZoneRules rules = zone.getRules();
    for (int stretch = 0; stretch < 10_000; stretch++) {
      ZoneOffset offset = rules.getOffset(from);
      LocalDateTime wall = LocalDateTime.ofInstant(from, offset);
      LocalDateTime match = nextWallTimeAtOrAfter(wall);
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

  private LocalDateTime nextWallTimeAtOrAfter(LocalDateTime wall) {
    ZonedDateTime justBefore = wall.minusSeconds(1).atZone(ZoneOffset.UTC);
    LocalDateTime best = null;
    for (ExecutionTime t : cron) {
      LocalDateTime candidate = t.nextExecution(justBefore).map(ZonedDateTime::toLocalDateTime).orElse(null);
      if (candidate != null && (best == null || candidate.isBefore(best))) {
        best = candidate;
      }
    }
    return best;
  }

  /**
   * The zone named {@code name}, as Go's {@code time.LoadLocation} would find it in the IANA
   * database; fixed offsets such as {@code +02:00} are not zone names there either.
   *
   * @throws IllegalArgumentException naming the value when there is no such zone
   */
  static ZoneId zone(String name) {
    if (!ZoneId.getAvailableZoneIds().contains(name)) {
      throw new IllegalArgumentException("unknown time zone '" + name + "'");
    }
    return ZoneId.of(name);
  }

  private static CronDefinition definition(boolean withSeconds) {
    CronDefinitionBuilder b = CronDefinitionBuilder.defineCron();
    if (withSeconds) {
      b.withSeconds().withValidRange(0, 59).and();
    }
    // With '?' supported, cron-utils combines the two day fields by AND (ScheduleTest pins this);
    // parse() turns robfig's OR into a union of two expressions. '?' itself never reaches it.
    return b.withMinutes().withValidRange(0, 59).and()
        .withHours().withValidRange(0, 23).and()
        .withDayOfMonth().withValidRange(1, 31).supportsQuestionMark().and()
        .withMonth().withValidRange(1, 12).and()
        .withDayOfWeek().withValidRange(0, 6).withMondayDoWValue(1).supportsQuestionMark().and()
        .instance();
  }
}
