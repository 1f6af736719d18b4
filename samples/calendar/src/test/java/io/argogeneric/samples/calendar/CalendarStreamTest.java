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

import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.ReceivedEvent;
import io.argogeneric.testkit.TestStream;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole streams on virtual time: what a client receives, byte for byte, and when. */
class CalendarStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(CalendarEventSource::new)
          .withVirtualTime(Instant.parse("2026-01-01T00:00:00Z"));

  private TestStream openAt(String start, String name, String config) {
    es.time().advanceTo(Instant.parse(start));
    return es.open(name, config);
  }

  /** Advances an hour at a time until {@code n} events have come; returns their texts. */
  private List<String> firstEvents(TestStream stream, int n) {
    for (int hours = 0; stream.received().size() < n && hours < 3 * 366 * 24; hours++) {
      es.time().advance(Duration.ofHours(1));
    }
    return stream.received().stream().limit(n).map(CalendarStreamTest::text).toList();
  }

  /** A catch-up event: stamped with its slot, as Argo's are. */
  private static String event(String eventTime) {
    return "{\"eventTime\":\"" + eventTime + "\"}";
  }

  /**
   * A timer event: Go's time.Now().String(), with its monotonic reading (any value) after the time.
   */
  private static String timer(String eventTime) {
    return event(eventTime + " m=+*");
  }

  /**
   * The payload, with the value of a monotonic reading replaced by {@code *}; its form is checked.
   */
  static String text(ReceivedEvent event) {
    return event.text().replaceAll(" m=\\+\\d+\\.\\d{9}\"", " m=+*\"");
  }

  @Test
  @DisplayName(
      "A daily schedule: three days of events in well under a second, each payload exactly as Argo's")
  void dailyInMilliseconds() {
    long t0 = System.nanoTime();
    TestStream stream = openAt("2026-11-26T12:00:00Z", "daily", "schedule: \"0 9 * * *\"");
    es.time().advance(Duration.ofDays(3));
    assertThat(stream.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            timer("2026-11-27 09:00:00 +0000 UTC"),
            timer("2026-11-28 09:00:00 +0000 UTC"),
            timer("2026-11-29 09:00:00 +0000 UTC"));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    assertThat(es.pendingTasks()).as("one timer armed for the next slot, no more").isEqualTo(1);
  }

  @Test
  @DisplayName(
      "Metadata is copied into every event, keys sorted; timer events carry the fire time in UTC, as Argo's do")
  void payloadWithMetadataAndTimezone() {
    TestStream stream =
        openAt(
            "2026-11-26T12:00:00Z",
            "payments",
            "schedule: \"0 9 * * *\"\ntimezone: America/New_York\nmetadata: {team: payments, env: prod}");
    es.time().advance(Duration.ofDays(1));
    assertThat(stream.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            "{\"eventTime\":\"2026-11-26 14:00:00 +0000 UTC m=+*\",\"metadata\":{\"env\":\"prod\",\"team\":\"payments\"}}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the cron forms the issue names: names, ranges, lists, steps, ?, CRON_TZ= and TZ=, DOM/DOW
        "0 9 * * MON-FRI            | 2026-11-27 09:00:00 +0000 UTC | 2026-11-30 09:00:00 +0000 UTC | 2026-12-01 09:00:00 +0000 UTC",
        "0 0 1 JAN,jul *            | 2027-01-01 00:00:00 +0000 UTC | 2027-07-01 00:00:00 +0000 UTC | 2028-01-01 00:00:00 +0000 UTC",
        "*/20 13-14 * * *           | 2026-11-26 13:00:00 +0000 UTC | 2026-11-26 13:20:00 +0000 UTC | 2026-11-26 13:40:00 +0000 UTC",
        "0 12 ? * SUN               | 2026-11-29 12:00:00 +0000 UTC | 2026-12-06 12:00:00 +0000 UTC | 2026-12-13 12:00:00 +0000 UTC",
        "0 0 1,13 * FRI             | 2026-11-27 00:00:00 +0000 UTC | 2026-12-01 00:00:00 +0000 UTC | 2026-12-04 00:00:00 +0000 UTC",
        "0 0 1-3 * MON              | 2026-11-30 00:00:00 +0000 UTC | 2026-12-01 00:00:00 +0000 UTC | 2026-12-02 00:00:00 +0000 UTC",
        "CRON_TZ=Asia/Tokyo 0 9 * * * | 2026-11-27 00:00:00 +0000 UTC | 2026-11-28 00:00:00 +0000 UTC | 2026-11-29 00:00:00 +0000 UTC",
        "TZ=Europe/Berlin 30 8 * * *  | 2026-11-27 07:30:00 +0000 UTC | 2026-11-28 07:30:00 +0000 UTC | 2026-11-29 07:30:00 +0000 UTC",
        // beyond Argo: seconds, descriptors
        "*/20 0 13 * * *            | 2026-11-26 13:00:00 +0000 UTC | 2026-11-26 13:00:20 +0000 UTC | 2026-11-26 13:00:40 +0000 UTC",
        "@hourly                    | 2026-11-26 13:00:00 +0000 UTC | 2026-11-26 14:00:00 +0000 UTC | 2026-11-26 15:00:00 +0000 UTC",
        "@daily                     | 2026-11-27 00:00:00 +0000 UTC | 2026-11-28 00:00:00 +0000 UTC | 2026-11-29 00:00:00 +0000 UTC",
        "@weekly                    | 2026-11-29 00:00:00 +0000 UTC | 2026-12-06 00:00:00 +0000 UTC | 2026-12-13 00:00:00 +0000 UTC",
        "@monthly                   | 2026-12-01 00:00:00 +0000 UTC | 2027-01-01 00:00:00 +0000 UTC | 2027-02-01 00:00:00 +0000 UTC",
        "@yearly                    | 2027-01-01 00:00:00 +0000 UTC | 2028-01-01 00:00:00 +0000 UTC | 2029-01-01 00:00:00 +0000 UTC",
        "@every 90m                 | 2026-11-26 13:30:00 +0000 UTC | 2026-11-26 15:00:00 +0000 UTC | 2026-11-26 16:30:00 +0000 UTC",
      })
  @DisplayName(
      "Each cron form fires at the slots robfig/cron would (stream starts Thu 2026-11-26 12:00 UTC)")
  void cronForms(String schedule, String first, String second, String third) {
    TestStream stream = openAt("2026-11-26T12:00:00Z", "cron", "schedule: \"" + schedule + "\"");
    assertThat(firstEvents(stream, 3)).containsExactly(timer(first), timer(second), timer(third));
  }

  @Test
  @DisplayName(
      "Spring forward in New York: 02:30 daily fires on the 7th and the 9th, not on the 8th of March")
  void springForward() {
    TestStream stream =
        openAt(
            "2026-03-06T12:00:00Z", "dst", "schedule: \"30 2 * * *\"\ntimezone: America/New_York");
    es.time().advanceTo(Instant.parse("2026-03-10T00:00:00Z"));
    assertThat(stream.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            timer("2026-03-07 07:30:00 +0000 UTC"), // 02:30 EST
            timer("2026-03-09 06:30:00 +0000 UTC")); // 02:30 EDT
  }

  @Test
  @DisplayName("Fall back in Berlin: 02:30 daily fires twice on 25 October, once per offset")
  void fallBack() {
    TestStream stream =
        openAt("2026-10-24T12:00:00Z", "dst", "schedule: \"30 2 * * *\"\ntimezone: Europe/Berlin");
    es.time().advanceTo(Instant.parse("2026-10-26T12:00:00Z"));
    assertThat(stream.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            timer("2026-10-25 00:30:00 +0000 UTC"), // 02:30 CEST
            timer("2026-10-25 01:30:00 +0000 UTC"), // 02:30 CET
            timer("2026-10-26 01:30:00 +0000 UTC"));
  }

  @Test
  @DisplayName(
      "interval: the first event comes one interval after the stream starts (cut to the second), then one per interval")
  void interval() {
    TestStream stream = openAt("2026-11-26T12:00:00Z", "every", "interval: 90s");
    es.time().advance(Duration.ofSeconds(89));
    assertThat(stream.received()).isEmpty();
    es.time().advance(Duration.ofSeconds(1));
    es.time().advance(Duration.ofSeconds(90));
    assertThat(stream.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            timer("2026-11-26 12:01:30 +0000 UTC"), timer("2026-11-26 12:03:00 +0000 UTC"));
  }

  @Test
  @DisplayName("When both are set, schedule wins over interval")
  void scheduleWins() {
    TestStream stream =
        openAt("2026-11-26T12:00:00Z", "both", "schedule: \"@hourly\"\ninterval: 1m");
    es.time().advance(Duration.ofMinutes(61));
    assertThat(stream.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(timer("2026-11-26 13:00:00 +0000 UTC"));
  }

  @Test
  @DisplayName("Exclusion dates skip every slot on those dates, in the timezone")
  void exclusionDates() {
    TestStream stream =
        openAt(
            "2026-12-23T12:00:00Z",
            "xmas",
            "schedule: \"0 23 * * *\"\ntimezone: America/New_York\n"
                + "exclusionDates: [\"EXDATE:20261225T000000Z,20261231T000000Z\", \"EXDATE:20270101T000000Z\"]");
    es.time().advanceTo(Instant.parse("2027-01-03T12:00:00Z"));
    assertThat(stream.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            timer("2026-12-24 04:00:00 +0000 UTC"), // 23:00 EST on the 23rd
            timer("2026-12-25 04:00:00 +0000 UTC"), // the 24th
            timer("2026-12-27 04:00:00 +0000 UTC"), // the 25th skipped, though its UTC date is the
            // 26th
            timer("2026-12-28 04:00:00 +0000 UTC"),
            timer("2026-12-29 04:00:00 +0000 UTC"),
            timer("2026-12-30 04:00:00 +0000 UTC"),
            timer("2026-12-31 04:00:00 +0000 UTC"), // the 30th; 31st and 1st skipped
            timer("2027-01-03 04:00:00 +0000 UTC"));
  }

  @Test
  @DisplayName(
      "Catch-up: a reconnecting stream first gets every slot it missed, oldest first, stamped with the slot")
  void catchUp() {
    String config = "schedule: \"@hourly\"\npersistence: {catchup: {enabled: true}}";
    TestStream first = openAt("2026-11-26T00:30:00Z", "hourly", config);
    es.time().advance(Duration.ofHours(2));
    assertThat(first.received()).hasSize(2); // 01:00, 02:00
    first.cancel();
    es.awaitCondition("the first run to stop", WAIT, () -> es.activeStreams() == 0);

    es.time().advance(Duration.ofHours(3)); // 05:30: 03:00, 04:00, 05:00 missed
    TestStream second = es.open("hourly", config);
    assertThat(second.awaitEvents(3, WAIT))
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            event("2026-11-26 03:00:00 +0000 UTC"),
            event("2026-11-26 04:00:00 +0000 UTC"),
            event("2026-11-26 05:00:00 +0000 UTC"));
    es.time().advance(Duration.ofMinutes(30));
    assertThat(second.received())
        .hasSize(4)
        .last()
        .extracting(CalendarStreamTest::text)
        .isEqualTo(timer("2026-11-26 06:00:00 +0000 UTC"));
  }

  @Test
  @DisplayName(
      "Catch-up with maxDuration goes no further back than maxDuration; catch-up events use the timezone")
  void catchUpWithMaxDuration() {
    String config =
        "schedule: \"@hourly\"\ntimezone: America/New_York\n"
            + "persistence: {catchup: {enabled: true, maxDuration: 150m}}";
    TestStream first = openAt("2026-11-26T00:30:00Z", "hourly", config);
    es.time().advance(Duration.ofHours(1)); // 01:00 UTC delivered
    first.cancel();
    es.awaitCondition("the first run to stop", WAIT, () -> es.activeStreams() == 0);

    es.time()
        .advanceTo(
            Instant.parse("2026-11-26T06:30:00Z")); // 02:00..06:00 missed; 150m back is 04:00
    TestStream second = es.open("hourly", config);
    assertThat(second.awaitEvents(2, WAIT))
        .extracting(CalendarStreamTest::text)
        .containsExactly(
            event("2026-11-26 00:00:00 -0500 EST"), event("2026-11-26 01:00:00 -0500 EST"));
    second.expectNoEvent(Duration.ofMillis(50));
    assertThat(second.received()).hasSize(2);
  }

  @Test
  @DisplayName("Without catch-up, a reconnecting stream gets nothing for the slots it missed")
  void noCatchUp() {
    TestStream first = openAt("2026-11-26T00:30:00Z", "hourly", "schedule: \"@hourly\"");
    es.time().advance(Duration.ofHours(1));
    first.cancel();
    es.awaitCondition("the first run to stop", WAIT, () -> es.activeStreams() == 0);
    es.time().advance(Duration.ofHours(3));
    TestStream second = es.open("hourly", "schedule: \"@hourly\"");
    assertThat(second.received()).isEmpty();
    es.time().advance(Duration.ofMinutes(30));
    assertThat(second.received())
        .extracting(CalendarStreamTest::text)
        .containsExactly(timer("2026-11-26 05:00:00 +0000 UTC"));
  }

  @Test
  @DisplayName("A long catch-up is emitted in batches without losing order or slots")
  void longCatchUp() {
    String config = "schedule: \"* * * * *\"\npersistence: {catchup: {enabled: true}}";
    TestStream first = openAt("2026-11-26T00:00:30Z", "minutely", config);
    es.time().advance(Duration.ofMinutes(1));
    first.cancel();
    es.awaitCondition("the first run to stop", WAIT, () -> es.activeStreams() == 0);
    es.time().advance(Duration.ofMinutes(250));
    TestStream second = es.open("minutely", config);
    es.awaitCondition("the first batch", WAIT, () -> second.received().size() >= 100);
    es.time().advance(Duration.ZERO); // runs the continuation batches
    List<ReceivedEvent> got = second.awaitEvents(250, WAIT);
    assertThat(got).hasSize(250);
    assertThat(got.get(0).text()).isEqualTo(event("2026-11-26 00:02:00 +0000 UTC"));
    assertThat(got.get(249).text()).isEqualTo(event("2026-11-26 04:11:00 +0000 UTC"));
  }

  @Test
  @DisplayName("Config errors name the field and the value: INVALID_ARGUMENT")
  void configErrors() {
    es.open("a", "schedule: \"61 * * * *\"")
        .assertEndedWith(
            Status.Code.INVALID_ARGUMENT,
            "schedule: invalid cron expression '61 * * * *': minute: 61 is above the maximum 59",
            WAIT);
    es.open("b", "interval: 1s\ntimezone: Europe/Parris")
        .assertEndedWith(
            Status.Code.INVALID_ARGUMENT, "timezone: unknown time zone 'Europe/Parris'", WAIT);
    es.open("c", "schedule: \"CRON_TZ=Mars/Olympus 0 0 * * *\"")
        .assertEndedWith(Status.Code.INVALID_ARGUMENT, "unknown time zone 'Mars/Olympus'", WAIT);
    es.open("d", "interval: 1s\nexclusionDates: [\"20261225T000000Z\"]")
        .assertEndedWith(
            Status.Code.INVALID_ARGUMENT,
            "exclusionDates[0]: '20261225T000000Z' does not start with EXDATE: (Argo would silently ignore",
            WAIT);
    TestStream accepted =
        es.open(
            "e",
            "schedule: \"@daily\"\npersistence: {configMap: {name: cm, createIfNotExist: true}}");
    accepted.expectNoEvent(Duration.ofMillis(50)); // Argo's configMap key is accepted
    assertThat(accepted.isOpen()).isTrue();
  }
}
