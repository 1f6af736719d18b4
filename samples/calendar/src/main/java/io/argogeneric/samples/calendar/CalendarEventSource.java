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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argo Events' calendar eventsource as a standalone generic eventsource server: the same config
 * keys and the same event payload; Sensors change paths after a move from {@code calendar:} to
 * {@code generic:}.
 */
public final class CalendarEventSource extends EventingServer<CalendarConfig> {
  private static final Logger log = LoggerFactory.getLogger(CalendarEventSource.class);
  private static final String EXDATE = "EXDATE:";
  private static final DateTimeFormatter EXDATE_FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

  public CalendarEventSource() {
    super(CalendarConfig.class);
  }

  public static void main(String[] args) {
    String refusal = StateDirFlag.refusal(args, System.getenv());
    if (refusal != null) {
      System.err.println(refusal);
      System.exit(2); // as the SDK exits for a bad flag
    }
    new CalendarEventSource().run(args);
  }

  @Override
  public void validate(CalendarConfig c, ConfigErrors errors) {
    ZoneId zone = ZoneOffset.UTC;
    if (c.timezone() != null && !c.timezone().isEmpty()) {
      try {
        zone = Schedule.zone(c.timezone());
      } catch (IllegalArgumentException e) {
        errors.add("timezone", e.getMessage());
      }
    }
    if (c.schedule() != null && !c.schedule().isBlank()) {
      try {
        Schedule.parse(c.schedule(), zone);
      } catch (IllegalArgumentException e) {
        errors.add("schedule", "invalid cron expression '" + c.schedule() + "': " + e.getMessage());
      }
    } else if (c.interval() != null) {
      try {
        Schedule.every(c.interval(), zone);
      } catch (IllegalArgumentException e) {
        errors.add("interval", e.getMessage());
      }
    } else {
      errors.add("schedule", "one of schedule or interval is required");
    }
    List<String> exclusions = c.exclusionDates() == null ? List.of() : c.exclusionDates();
    for (int i = 0; i < exclusions.size(); i++) {
      try {
        exclusionDates(exclusions.get(i));
      } catch (IllegalArgumentException e) {
        errors.add("exclusionDates[" + i + "]", e.getMessage());
      }
    }
    if (c.persistence() != null
        && c.persistence().catchup() != null
        && c.persistence().catchup().maxDuration() != null
        && c.persistence().catchup().maxDuration().isNegative()) {
      errors.add("persistence.catchup.maxDuration", "must not be negative");
    }
    if (c.filter() != null) {
      errors.add(
          "filter",
          "set Argo's filter on the generic entry, next to config; this server does not filter");
    }
  }

  @Override
  public void start(StreamContext<CalendarConfig> stream) {
    CalendarConfig c = stream.config();
    // as Argo: an empty timezone means none (UTC here, a pod's time.Local there)
    ZoneId timezone =
        c.timezone() == null || c.timezone().isEmpty() ? null : Schedule.zone(c.timezone());
    ZoneId zone = timezone == null ? ZoneOffset.UTC : timezone;
    Schedule schedule =
        c.schedule() != null && !c.schedule().isBlank()
            ? Schedule.parse(c.schedule(), zone)
            : Schedule.every(c.interval(), zone);
    Set<LocalDate> excluded = new HashSet<>();
    if (c.exclusionDates() != null) {
      c.exclusionDates().forEach(entry -> excluded.addAll(exclusionDates(entry)));
    }
    if (c.catchupEnabled()) {
      log.info(
          "event {}: catch-up on, from the last event time the SDK recorded", stream.eventName());
      if (c.persistence().configMap() != null) {
        log.info(
            "event {}: persistence.configMap is ignored; the SDK keeps the last event time",
            stream.eventName());
      }
    }
    new CalendarRun(stream, schedule.excluding(excluded), timezone, c.catchupEnabled()).start();
  }

  /**
   * The dates of one {@code exclusionDates} entry, {@code EXDATE:20261225T000000Z[,...]}. As in
   * Argo, only the date part counts; unlike Argo, an entry without the prefix is an error, not
   * silently ignored.
   */
  static Set<LocalDate> exclusionDates(String entry) {
    if (entry == null || !entry.startsWith(EXDATE)) {
      throw new IllegalArgumentException(
          "'"
              + entry
              + "' does not start with EXDATE: (Argo would silently ignore "
              + "this entry; write it as EXDATE:20261225T000000Z[,...])");
    }
    Set<LocalDate> dates = new HashSet<>();
    for (String date : entry.substring(EXDATE.length()).split(",", -1)) {
      try {
        dates.add(LocalDateTime.parse(date, EXDATE_FORMAT).toLocalDate());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "invalid date '" + date + "' (expected e.g. 20261225T000000Z)");
      }
    }
    return dates;
  }
}
