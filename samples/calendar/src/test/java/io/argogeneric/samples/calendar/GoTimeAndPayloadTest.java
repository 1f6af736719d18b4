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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * eventTime text as Go's time.Time.String() prints it, and the payload as Go's encoding/json writes
 * it.
 */
class GoTimeAndPayloadTest {

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-11-27T09:00:00Z           | UTC                 | 2026-11-27 09:00:00 +0000 UTC",
        "2026-11-27T09:00:00.5Z         | UTC                 | 2026-11-27 09:00:00.5 +0000 UTC",
        "2026-11-27T09:00:00.000120300Z | UTC                 | 2026-11-27 09:00:00.0001203 +0000 UTC",
        "2026-11-27T09:00:00Z           | Etc/UTC             | 2026-11-27 09:00:00 +0000 UTC",
        "2026-01-15T14:00:00Z           | America/New_York    | 2026-01-15 09:00:00 -0500 EST",
        "2026-07-15T13:00:00Z           | America/New_York    | 2026-07-15 09:00:00 -0400 EDT",
        "2026-01-15T08:00:00Z           | Europe/Berlin       | 2026-01-15 09:00:00 +0100 CET",
        "2026-07-15T07:00:00Z           | Europe/Berlin       | 2026-07-15 09:00:00 +0200 CEST",
        "2026-07-15T08:00:00Z           | Europe/London       | 2026-07-15 09:00:00 +0100 BST",
        "2026-01-15T03:30:00Z           | Asia/Kolkata        | 2026-01-15 09:00:00 +0530 IST",
        // IANA has no letters for these zones; Go prints its numeric abbreviations, not Java's
        // GST/BRT/NPT
        "2026-01-15T05:00:00Z           | Asia/Dubai          | 2026-01-15 09:00:00 +0400 +04",
        "2026-01-15T12:00:00Z           | America/Sao_Paulo   | 2026-01-15 09:00:00 -0300 -03",
        "2026-01-15T03:15:00Z           | Asia/Kathmandu      | 2026-01-15 09:00:00 +0545 +0545",
      })
  @DisplayName(
      "Go's time.String() layout, zone abbreviations as Go takes them from the IANA database")
  void goTimeString(String instant, String zone, String expected) {
    assertThat(GoTime.format(Instant.parse(instant), ZoneId.of(zone))).isEqualTo(expected);
  }

  @Test
  @DisplayName("A fixed UTC offset prints as UTC, as Go's time.UTC does")
  void fixedUtc() {
    assertThat(GoTime.format(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC))
        .isEqualTo("2026-11-27 09:00:00 +0000 UTC");
  }

  @Test
  @DisplayName(
      "Go's monotonic suffix: ' m=+' seconds since the process started, always nine decimals")
  void monotonicSuffix() {
    assertThat(GoTime.monotonicSuffix(12_000_483_000L)).isEqualTo(" m=+12.000483000");
    assertThat(GoTime.monotonicSuffix(5L)).isEqualTo(" m=+0.000000005");
    assertThat(GoTime.monotonicSuffix(-1_500_000_000L)).isEqualTo(" m=-1.500000000");
    assertThat(GoTime.monotonicSuffix()).matches(" m=\\+\\d+\\.\\d{9}");
  }

  @Test
  @DisplayName(
      "The POSIX TZ rule at the end of a zoneinfo file gives both abbreviations and offsets")
  void posixRule() {
    assertThat(GoTime.parsePosixTz("EST5EDT,M3.2.0,M11.1.0"))
        .contains(new GoTime.Abbreviations("EST", -18000, "EDT", -14400));
    assertThat(GoTime.parsePosixTz("<+0545>-5:45"))
        .contains(new GoTime.Abbreviations("+0545", 20700, null, 24300));
    assertThat(GoTime.parsePosixTz("IST-1GMT0,M10.5.0,M3.5.0/1"))
        .contains(new GoTime.Abbreviations("IST", 3600, "GMT", 0));
    assertThat(GoTime.parsePosixTz("not a rule!")).isEmpty();
    assertThat(GoTime.numeric(-3 * 3600)).isEqualTo("-03");
    assertThat(GoTime.numeric(19800)).isEqualTo("+0530");
  }

  @Test
  @DisplayName("Payload: eventTime only when there is no metadata, byte for byte")
  void payloadWithoutMetadata() {
    assertThat(text(CalendarPayload.encode("2026-11-27 09:00:00 +0000 UTC", Map.of())))
        .isEqualTo("{\"eventTime\":\"2026-11-27 09:00:00 +0000 UTC\"}");
    assertThat(text(CalendarPayload.encode("2026-11-27 09:00:00 +0000 UTC", null)))
        .isEqualTo("{\"eventTime\":\"2026-11-27 09:00:00 +0000 UTC\"}");
  }

  @Test
  @DisplayName(
      "Payload: metadata with keys sorted and <, >, &, quotes and controls escaped as Go's encoding/json does")
  void payloadWithMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("team", "a&b <x>");
    metadata.put("env", "say \"hi\"\n\u2028");
    assertThat(text(CalendarPayload.encode("2026-11-27 09:00:00 +0000 UTC", metadata)))
        .isEqualTo(
            "{\"eventTime\":\"2026-11-27 09:00:00 +0000 UTC\","
                + "\"metadata\":{\"env\":\"say \\\"hi\\\"\\n\\u2028\",\"team\":\"a\\u0026b \\u003cx\\u003e\"}}");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
