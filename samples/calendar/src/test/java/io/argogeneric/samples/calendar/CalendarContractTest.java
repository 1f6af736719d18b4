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
import io.argogeneric.testkit.EventSourceContractTest;
import io.argogeneric.testkit.ReceivedEvent;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** The SDK's contract, which every eventsource keeps, run against the calendar. */
class CalendarContractTest extends EventSourceContractTest<CalendarConfig> {
  private static final DateTimeFormatter GO_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xx 'UTC'");

  @Override
  protected EventingServer<CalendarConfig> newPlugin() {
    return new CalendarEventSource();
  }

  @Override
  protected String validConfig() {
    return "interval: 1s";
  }

  @Override
  protected Map<String, String> invalidConfigs() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("schedule: \"61 * * * *\"", "schedule");
    bad.put("schedule: \"0 0 * * 7\"", "schedule");
    bad.put("metadata: {team: a}", "schedule"); // neither schedule nor interval
    bad.put("interval: 0s", "interval");
    bad.put("interval: soon", "interval");
    bad.put("interval: 1s\ntimezone: Europe/Parris", "timezone");
    bad.put("interval: 1s\nexclusionDates: [\"20261225T000000Z\"]", "exclusionDates[0]");
    bad.put("interval: 1s\nexclusionDates: [\"EXDATE:20261232T000000Z\"]", "exclusionDates[0]");
    bad.put(
        "interval: 1s\npersistence: {catchup: {enabled: true, maxDuration: -1h}}",
        "persistence.catchup.maxDuration");
    bad.put("interval: 1s\npersistence: {catchup: {enabld: true}}", "enabld");
    bad.put("interval: 1s\nschedul: \"0 9 * * *\"", "schedul");
    bad.put("interval: 1s\nfilter: {expression: \"true\"}", "filter");
    return bad;
  }

  /** The fire time in the payload: it must increase from one event to the next. */
  @Override
  protected OptionalLong sequenceOf(ReceivedEvent event) {
    String eventTime =
        event.json().path("eventTime").asText().replaceFirst(" m=\\+\\d+\\.\\d{9}$", "");
    return OptionalLong.of(ZonedDateTime.parse(eventTime, GO_UTC).toEpochSecond());
  }
}
