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

import io.argogeneric.sdk.config.ConfigException;
import io.argogeneric.sdk.internal.config.ConfigBinder;
import java.nio.charset.StandardCharsets;
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
 * What every StartEventSource call pays before its plugin starts: YAML to a typed config. Target ≤
 * 50 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfigBindingBenchmark {
  /** A calendar entry as users write them under {@code generic:}. */
  public static final String TYPICAL_CALENDAR_CONFIG =
      """
      schedule: "CRON_TZ=Europe/Paris 30 9 * * 1-5"
      timezone: Europe/Paris
      exclusionDates:
        - EXDATE:20261225T000000Z
        - EXDATE:20270101T000000Z
      metadata:
        team: payments
        env: prod
      persistence:
        catchup:
          enabled: true
          maxDuration: 5m
        configMap:
          name: calendar-state
          createIfNotExist: true
      """;

  private final ConfigBinder<CalendarLikeConfig> binder =
      new ConfigBinder<>(
          CalendarLikeConfig.class, ConfigBinder.DEFAULT_MAX_BYTES, (config, errors) -> {});
  private final byte[] raw = TYPICAL_CALENDAR_CONFIG.getBytes(StandardCharsets.UTF_8);

  @Benchmark
  public CalendarLikeConfig bindCalendarConfig() throws ConfigException {
    return binder.bind(raw);
  }
}
