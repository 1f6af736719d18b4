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
package io.argogeneric.benchmarks.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Emitter.emitJson}'s encoding step, with a mapper set up as the SDK's (java.time module,
 * ISO-8601 dates): a calendar event and a larger webhook-like event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonPayloadBenchmark {
  /** The calendar sample's payload shape. */
  public record CalendarEvent(Instant eventTime, Map<String, String> metadata) {}

  /** A webhook-bridge-like payload: headers and a parsed body. */
  public record WebhookEvent(
      Instant receivedAt, Map<String, List<String>> header, Map<String, Object> body) {}

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final CalendarEvent calendar =
      new CalendarEvent(
          Instant.parse("2026-11-27T09:30:00Z"), Map.of("team", "payments", "env", "prod"));
  private final WebhookEvent webhook =
      new WebhookEvent(
          Instant.parse("2026-11-27T09:30:00.123456Z"),
          Map.of(
              "Content-Type",
              List.of("application/json"),
              "X-Request-Id",
              List.of("7f3c9a2e-51d4-4b8e-9a0f-2c6d1e8b7a54")),
          Map.of(
              "action",
              "opened",
              "number",
              1347,
              "repository",
              Map.of("name", "argo-events", "private", false),
              "labels",
              List.of("bug", "triage")));

  @Benchmark
  public byte[] encodeCalendarEvent() throws JsonProcessingException {
    return MAPPER.writeValueAsBytes(calendar);
  }

  @Benchmark
  public byte[] encodeWebhookEvent() throws JsonProcessingException {
    return MAPPER.writeValueAsBytes(webhook);
  }
}
