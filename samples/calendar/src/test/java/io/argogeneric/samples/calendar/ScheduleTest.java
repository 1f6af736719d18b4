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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {

  /**
   * The first {@code n} slots after {@code from}, as ISO date-times with offset in the schedule's
   * zone.
   */
  private static List<String> slots(Schedule schedule, String from, int n) {
    List<String> out = new ArrayList<>();
    ZonedDateTime t = ZonedDateTime.parse(from);
    for (int i = 0; i < n; i++) {
      t = schedule.next(t).orElseThrow();
      out.add(t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
    return out;
  }

  private static List<String> slots(String spec, String from, int n) {
    return slots(Schedule.parse(spec, ZoneOffset.UTC), from, n);
  }

  @Test
  @DisplayName(
      "Names, ranges and lists: weekdays at 09:00 skip the weekend; JAN,JUL picks those months")
  void namesRangesLists() {
    assertThat(slots("0 9 * * MON-FRI", "2026-11-27T00:00:00Z", 3))
        .containsExactly("2026-11-27T09:00:00Z", "2026-11-30T09:00:00Z", "2026-12-01T09:00:00Z");
    assertThat(slots("0 0 1 jan,JUL *", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z");
    assertThat(slots("0 8,17 * * *", "2026-01-01T00:00:00Z", 3))
        .containsExactly("2026-01-01T08:00:00Z", "2026-01-01T17:00:00Z", "2026-01-02T08:00:00Z");
  }

  @Test
  @DisplayName("Steps: */15 in a range, and N/step meaning N-max/step as in robfig/cron")
  void steps() {
    assertThat(slots("*/15 9-10 * * *", "2026-01-01T10:40:00Z", 3))
        .containsExactly("2026-01-01T10:45:00Z", "2026-01-02T09:00:00Z", "2026-01-02T09:15:00Z");
    assertThat(slots("50/5 * * * *", "2026-01-01T00:00:00Z", 3))
        .containsExactly("2026-01-01T00:50:00Z", "2026-01-01T00:55:00Z", "2026-01-01T01:50:00Z");
  }

  @Test
  @DisplayName("? means * in any field, as in robfig/cron")
  void questionMark() {
    assertThat(slots("0 12 ? * SUN", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-01-04T12:00:00Z", "2026-01-11T12:00:00Z");
    assertThat(slots("0 0 ? * ?", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
  }

  @Test
  @DisplayName(
      "Day-of-month and day-of-week both restricted: either matches (OR), as standard cron does")
  void dayOfMonthOrDayOfWeek() {
    // January 2026: Fridays are the 2nd, 9th, 16th; the 13th is a Tuesday
    assertThat(slots("0 0 13 * FRI", "2026-01-01T00:00:00Z", 4))
        .containsExactly(
            "2026-01-02T00:00:00Z",
            "2026-01-09T00:00:00Z",
            "2026-01-13T00:00:00Z",
            "2026-01-16T00:00:00Z");
  }

  @Test
  @DisplayName(
      "Only * or ? without a step above 1 is a star day field (AND); */2 restricts, so the day fields OR, as in robfig")
  void starDayField() {
    // */10 is days 1, 11, 21, 31: with MON restricted too, either fires
    assertThat(slots("0 0 */10 * MON", "2026-01-01T00:00:00Z", 4))
        .containsExactly(
            "2026-01-05T00:00:00Z",
            "2026-01-11T00:00:00Z",
            "2026-01-12T00:00:00Z",
            "2026-01-19T00:00:00Z");
    // the example: every weekday plus every odd day (Sunday 1 and Saturday 7 March 2026)
    assertThat(slots("0 9 */2 * MON-FRI", "2026-03-01T00:00:00Z", 8))
        .containsExactly(
            "2026-03-01T09:00:00Z",
            "2026-03-02T09:00:00Z",
            "2026-03-03T09:00:00Z",
            "2026-03-04T09:00:00Z",
            "2026-03-05T09:00:00Z",
            "2026-03-06T09:00:00Z",
            "2026-03-07T09:00:00Z",
            "2026-03-09T09:00:00Z");
    // */1 and ? keep the star: Mondays only
    assertThat(slots("0 0 */1 * MON", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");
    assertThat(slots("0 0 ? * MON", "2026-01-01T00:00:00Z", 1))
        .containsExactly("2026-01-05T00:00:00Z");
  }

  @Test
  @DisplayName(
      "A step larger than the field's range is accepted and leaves the start value alone, as in robfig")
  void stepsBeyondTheRange() {
    assertThat(slots("*/60 * * * *", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z");
    assertThat(slots("0 */24 * * *", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
    assertThat(slots("0 0 */32 * *", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z");
    assertThat(slots("0 0 * * */7", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z");
  }

  @Test
  @DisplayName(
      "interval: the previous time is cut to the whole second before the interval is added, as robfig's ConstantDelaySchedule does")
  void intervalCutToTheSecond() {
    Schedule s = Schedule.every(Duration.ofMillis(1500), ZoneOffset.UTC);
    assertThat(s.next(java.time.Instant.parse("2026-03-01T00:00:00.700Z")))
        .hasToString("2026-03-01T00:00:01.500Z");
    assertThat(s.next(java.time.Instant.parse("2026-03-01T00:00:01.500Z")))
        .hasToString("2026-03-01T00:00:02.500Z");
    assertThat(
            Schedule.every(Duration.ofSeconds(10), ZoneOffset.UTC)
                .next(java.time.Instant.parse("2026-03-01T00:00:00.999999999Z")))
        .hasToString("2026-03-01T00:00:10Z");
  }

  @Test
  @DisplayName("Exclusion dates are compared in the timezone, not in a CRON_TZ zone, as in Argo")
  void exclusionInTimezoneNotCronTz() {
    Schedule s =
        Schedule.parse("CRON_TZ=Asia/Tokyo 0 8 * * *", ZoneId.of("America/New_York"))
            .excluding(Set.of(LocalDate.parse("2026-12-24")));
    // Tokyo 08:00 on the 24th is the 23rd in New York: it fires; Tokyo 08:00 on the 25th is the
    // 24th there: skipped
    assertThat(slots(s, "2026-12-22T00:00:00Z", 3))
        .containsExactly(
            "2026-12-23T08:00:00+09:00", "2026-12-24T08:00:00+09:00", "2026-12-26T08:00:00+09:00");
  }

  @Test
  @DisplayName(
      "Zone names as Go loads them: Local, EST, MST, posix/..., TZ= with no name (UTC); not SystemV/...")
  void goZoneNames() {
    assertThat(Schedule.zone("Local")).isEqualTo(ZoneId.systemDefault());
    assertThat(Schedule.zone("")).isEqualTo(ZoneOffset.UTC);
    assertThat(
            Schedule.zone("EST")
                .getRules()
                .getOffset(java.time.Instant.parse("2026-07-01T00:00:00Z")))
        .isEqualTo(ZoneOffset.ofHours(-5));
    assertThat(Schedule.zone("MST").getId()).isEqualTo("MST");
    assertThat(GoTime.format(java.time.Instant.parse("2026-07-01T12:00:00Z"), Schedule.zone("EST")))
        .isEqualTo("2026-07-01 07:00:00 -0500 EST");
    assertThat(
            Schedule.zone("posix/Europe/Berlin")
                .getRules()
                .getOffset(java.time.Instant.parse("2026-07-01T00:00:00Z")))
        .isEqualTo(ZoneOffset.ofHours(2));
    assertThatThrownBy(() -> Schedule.zone("SystemV/EST5"))
        .hasMessage("unknown time zone 'SystemV/EST5'");
    assertThat(
            Schedule.parse("TZ= 0 9 * * *", ZoneId.of("Asia/Tokyo"))
                .next(java.time.Instant.parse("2026-01-01T00:00:00Z")))
        .hasToString("2026-01-01T09:00:00Z");
    // CRON_TZ=Local is robfig's "no zone": the timezone applies
    assertThat(Schedule.parse("CRON_TZ=Local 0 9 * * *", ZoneId.of("Asia/Tokyo")).zone())
        .isEqualTo(ZoneId.of("Asia/Tokyo"));
  }

  @Test
  @DisplayName(
      "Half-hour DST (Lord Howe) and DST at midnight (Santiago): the wall-clock rule, where robfig skips a day or fires a SAT schedule on Sunday")
  void robfigDaylightSavingBugsNotCopied() {
    Schedule lordHowe = Schedule.parse("0 0 * * *", ZoneId.of("Australia/Lord_Howe"));
    // 5 April 2026, 02:00 LHDT goes back to 01:30: robfig's Next skips midnight of the 6th
    assertThat(slots(lordHowe, "2026-04-03T15:00:00Z", 3))
        .containsExactly(
            "2026-04-05T00:00:00+11:00", "2026-04-06T00:00:00+10:30", "2026-04-07T00:00:00+10:30");
    Schedule santiago = Schedule.parse("0 1 * * SAT", ZoneId.of("America/Santiago"));
    // Saturday 5 September 2026 ends at 24:00, which is 01:00 on Sunday: robfig also fires on
    // Sunday the 6th
    assertThat(slots(santiago, "2026-09-04T00:00:00Z", 2))
        .containsExactly("2026-09-05T01:00:00-04:00", "2026-09-12T01:00:00-03:00");
  }

  @Test
  @DisplayName("CRON_TZ= and TZ= read the fields in the named zone, whatever the default zone")
  void cronTzPrefix() {
    Schedule tokyo = Schedule.parse("CRON_TZ=Asia/Tokyo 0 9 * * *", ZoneId.of("America/New_York"));
    assertThat(tokyo.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(tokyo.next(ZonedDateTime.parse("2026-01-01T00:00:00Z").toInstant()))
        .hasToString("2026-01-02T00:00:00Z");
    assertThat(
            Schedule.parse("TZ=Europe/Berlin 0 9 * * *", ZoneOffset.UTC)
                .next(ZonedDateTime.parse("2026-07-01T00:00:00Z").toInstant()))
        .hasToString("2026-07-01T07:00:00Z");
  }

  @Test
  @DisplayName("The timezone given by config applies when the expression has no prefix")
  void defaultZone() {
    Schedule s = Schedule.parse("0 9 * * *", ZoneId.of("America/New_York"));
    assertThat(slots(s, "2026-01-01T00:00:00Z", 1)).containsExactly("2026-01-01T09:00:00-05:00");
  }

  @Test
  @DisplayName("An optional sixth field in front counts seconds")
  void secondsField() {
    assertThat(slots("*/20 * * * * *", "2026-01-01T00:00:00Z", 4))
        .containsExactly(
            "2026-01-01T00:00:20Z",
            "2026-01-01T00:00:40Z",
            "2026-01-01T00:01:00Z",
            "2026-01-01T00:01:20Z");
    assertThat(slots("30 0 9 * * *", "2026-01-01T00:00:00Z", 1))
        .containsExactly("2026-01-01T09:00:30Z");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "@yearly,   2027-01-01T00:00:00Z",
    "@annually, 2027-01-01T00:00:00Z",
    "@monthly,  2026-02-01T00:00:00Z",
    "@weekly,   2026-01-04T00:00:00Z",
    "@daily,    2026-01-02T00:00:00Z",
    "@midnight, 2026-01-02T00:00:00Z",
    "@hourly,   2026-01-01T01:00:00Z",
    "@every 90m, 2026-01-01T01:30:00Z",
    "CRON_TZ=Asia/Tokyo @daily, 2026-01-01T15:00:00Z",
  })
  @DisplayName("Descriptors")
  void descriptors(String spec, String first) {
    assertThat(
            Schedule.parse(spec, ZoneOffset.UTC)
                .next(ZonedDateTime.parse("2026-01-01T00:00:00Z").toInstant()))
        .hasToString(first);
  }

  @Test
  @DisplayName(
      "Spring forward in New York: a 02:30 daily slot does not fire on the day 02:30 does not exist (robfig/cron)")
  void springForwardNewYork() {
    Schedule s = Schedule.parse("30 2 * * *", ZoneId.of("America/New_York"));
    // 2026-03-08 02:00 EST jumps to 03:00 EDT
    assertThat(slots(s, "2026-03-06T12:00:00Z", 3))
        .containsExactly(
            "2026-03-07T02:30:00-05:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00");
    // hourly: no 02:00 that night
    assertThat(
            slots(
                Schedule.parse("0 * * * *", ZoneId.of("America/New_York")),
                "2026-03-08T05:30:00Z",
                2))
        .containsExactly("2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00");
  }

  @Test
  @DisplayName(
      "Fall back in New York: a 01:30 daily slot fires twice, once per offset (robfig/cron)")
  void fallBackNewYork() {
    Schedule s = Schedule.parse("30 1 * * *", ZoneId.of("America/New_York"));
    // 2026-11-01 02:00 EDT goes back to 01:00 EST
    assertThat(slots(s, "2026-10-31T12:00:00Z", 3))
        .containsExactly(
            "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00");
    assertThat(
            slots(
                Schedule.parse("0 * * * *", ZoneId.of("America/New_York")),
                "2026-11-01T04:30:00Z",
                3))
        .containsExactly(
            "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00");
  }

  @Test
  @DisplayName(
      "Berlin, through CRON_TZ: 02:30 is skipped on 29 March and repeated on 25 October 2026")
  void berlinBothChanges() {
    Schedule s = Schedule.parse("CRON_TZ=Europe/Berlin 30 2 * * *", ZoneOffset.UTC);
    assertThat(slots(s, "2026-03-27T12:00:00Z", 2))
        .containsExactly("2026-03-28T02:30:00+01:00", "2026-03-30T02:30:00+02:00");
    assertThat(slots(s, "2026-10-24T12:00:00Z", 3))
        .containsExactly(
            "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-26T02:30:00+01:00");
  }

  @Test
  @DisplayName(
      "An interval slot is one interval after the last; exclusion dates skip whole days on its grid")
  void interval() {
    Schedule s = Schedule.every(Duration.ofMinutes(90), ZoneOffset.UTC);
    assertThat(slots(s, "2026-01-01T00:00:00Z", 2))
        .containsExactly("2026-01-01T01:30:00Z", "2026-01-01T03:00:00Z");
    Schedule excluding =
        Schedule.every(Duration.ofHours(7), ZoneOffset.UTC)
            .excluding(Set.of(LocalDate.parse("2026-01-02")));
    // 07, 14, 21 on the 1st; 04, 11, 18 on the 2nd are skipped; then 01:00 on the 3rd
    assertThat(slots(excluding, "2026-01-01T00:00:00Z", 4))
        .containsExactly(
            "2026-01-01T07:00:00Z",
            "2026-01-01T14:00:00Z",
            "2026-01-01T21:00:00Z",
            "2026-01-03T01:00:00Z");
  }

  @Test
  @DisplayName("Exclusion dates compare the slot's date in the timezone")
  void exclusionInZone() {
    Schedule s =
        Schedule.parse("0 23 * * *", ZoneId.of("America/New_York"))
            .excluding(Set.of(LocalDate.parse("2026-12-25")));
    // 23:00 EST on the 25th is the 26th in UTC; it is still skipped, and the 26th's slot is not
    assertThat(slots(s, "2026-12-24T12:00:00Z", 2))
        .containsExactly("2026-12-24T23:00:00-05:00", "2026-12-26T23:00:00-05:00");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "61 * * * *           | minute: 61 is above the maximum 59",
        "0 24 * * *           | hour: 24 is above the maximum 23",
        "0 0 0 * *            | day-of-month: 0 is below the minimum 1",
        "0 0 * 13 *           | month: 13 is above the maximum 12",
        "0 0 * * 7            | day-of-week: 7 is above the maximum 6 (Sunday is 0)",
        "0 0 * * MON-SUN      | day-of-week: range 'MON-SUN' runs backwards",
        "5-1 * * * *          | minute: range '5-1' runs backwards",
        "*/0 * * * *          | minute: step '0' in '*/0' must be a positive number",
        "0 0 * * FOO          | day-of-week: 'FOO' is not a number or a name such as MON",
        "* * * *              | expected 5 fields",
        "* * * * * * *        | expected 5 fields",
        "0 0 30 2 *           | never fires",
        "@fortnightly         | unknown descriptor '@fortnightly'",
        "@every 0s            | must be at least 1ms",
        "CRON_TZ=Mars/Olympus 0 0 * * * | unknown time zone 'Mars/Olympus'",
        "CRON_TZ=Europe/Berlin | nothing follows 'CRON_TZ=Europe/Berlin'",
      })
  @DisplayName("Invalid expressions are refused with the field and the reason")
  void invalid(String spec, String message) {
    assertThatThrownBy(() -> Schedule.parse(spec, ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("29 February is a valid schedule that fires in leap years only")
  void leapDay() {
    assertThat(slots("0 0 29 2 *", "2026-01-01T00:00:00Z", 2))
        .containsExactly("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z");
  }
}
