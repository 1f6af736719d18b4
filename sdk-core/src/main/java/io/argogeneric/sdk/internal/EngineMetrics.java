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
package io.argogeneric.sdk.internal;

import io.argogeneric.sdk.OverflowPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The SDK's meters, documented in docs/operations.md. Meters on the emit and write paths are looked
 * up once here, so the hot path only increments.
 */
public final class EngineMetrics {
  public static final String PREFIX = "eventsource";

  private final MeterRegistry registry;
  final Counter emitted;
  final Counter written;
  final Counter bytesWritten;
  final Timer emitToWrite;
  final Counter pluginFailures;
  private final Map<OverflowPolicy, Counter> droppedByPolicy = new EnumMap<>(OverflowPolicy.class);
  private final Counter droppedAtStreamEnd;
  private final Counter droppedExpired;

  public EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    emitted =
        Counter.builder(PREFIX + ".events.emitted")
            .description("Events plugins emitted")
            .register(registry);
    written =
        Counter.builder(PREFIX + ".events.written")
            .description("Events handed to gRPC")
            .register(registry);
    bytesWritten =
        Counter.builder(PREFIX + ".events.written.bytes")
            .baseUnit("bytes")
            .description("Serialized bytes of events handed to gRPC")
            .register(registry);
    emitToWrite =
        Timer.builder(PREFIX + ".events.latency")
            .description("Time from emit to hand-over to gRPC")
            // a sample of events (see OutboundQueue), into histogram buckets that Prometheus
            // aggregates: per-event percentile sketches cost more than the write they measure
            .publishPercentileHistogram()
            .minimumExpectedValue(java.time.Duration.ofNanos(1_000))
            .maximumExpectedValue(java.time.Duration.ofSeconds(30))
            .register(registry);
    pluginFailures =
        Counter.builder(PREFIX + ".plugin.failures")
            .description("Plugin runs that threw")
            .register(registry);
    Counter.builder(Polling.FAILURES)
        .description("Polls that threw, or whose items could not be emitted; each is retried")
        .register(registry);
    for (String reason : new String[] {"missing", "malformed", "invalid"}) {
      authFailureCounter(
          reason); // registered up front, so a dashboard sees 0 rather than no series
    }
    for (String limit : new String[] {"max_streams", "max_streams_per_peer"}) {
      refusedCounter(limit);
    }
    for (OverflowPolicy p : OverflowPolicy.values()) {
      droppedByPolicy.put(p, dropCounter(p.name().toLowerCase(java.util.Locale.ROOT)));
    }
    droppedAtStreamEnd = dropCounter("stream_ended");
    droppedExpired = dropCounter("expired");
  }

  private Counter dropCounter(String reason) {
    return Counter.builder(PREFIX + ".events.dropped")
        .tag("reason", reason)
        .description(
            "Events discarded: by an overflow policy, when their stream ended, or past the outbox's age bound")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Read at scrape time, so the write path keeps no shared counter of its own. */
  <T> void gaugeBufferedEvents(T owner, ToDoubleFunction<T> value) {
    Gauge.builder(PREFIX + ".buffer.events", owner, value)
        .description("Events buffered in all streams, not yet handed to gRPC")
        .register(registry);
  }

  <T> void gaugeActiveStreams(T owner, ToDoubleFunction<T> value) {
    Gauge.builder(PREFIX + ".streams.active", owner, value)
        .description("Streams open now with a client connected")
        .register(registry);
  }

  <T> void gaugeDetachedRuns(T owner, ToDoubleFunction<T> value) {
    Gauge.builder(PREFIX + ".runs.detached", owner, value)
        .description("Runs of outbox plugins whose client went away, kept for the next stream")
        .register(registry);
  }

  void streamEnded(String outcome) {
    Counter.builder(PREFIX + ".streams.total")
        .tag("outcome", outcome)
        .description(
            "Streams ended, by the status code they ended with (CANCELLED: the client went away)")
        .register(registry)
        .increment();
  }

  /**
   * {@code field} comes from {@code ConfigBinder#metricField}: a bounded set, never the client's
   * text.
   */
  void configError(String field) {
    Counter.builder(PREFIX + ".config.errors")
        .tag("field", field)
        .description(
            "Config problems that refused a stream, by field of the config class (list indexes as []; "
                + "(other) for unknown keys and map entries)")
        .register(registry)
        .increment();
  }

  void dropped(OverflowPolicy policy, long count) {
    droppedByPolicy.get(policy).increment(count);
  }

  void droppedAtEnd(long count) {
    droppedAtStreamEnd.increment(count);
  }

  /** Events discarded because they waited longer than the outbox's age bound. */
  void expired(long count) {
    droppedExpired.increment(count);
  }

  /** {@code events} events of {@code bytes} bytes handed to gRPC in one drain pass. */
  void written(long events, long bytes) {
    written.increment(events);
    bytesWritten.increment(bytes);
  }

  /** One sampled event's time from emit to hand-over. */
  void latency(long enqueuedNanos) {
    emitToWrite.record(System.nanoTime() - enqueuedNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts a call refused by the auth interceptor; {@code reason}: missing, malformed or invalid.
   */
  public void authFailure(String reason) {
    authFailureCounter(reason).increment();
  }

  private Counter authFailureCounter(String reason) {
    return Counter.builder(PREFIX + ".auth.failures")
        .tag("reason", reason)
        .description(
            "StartEventSource calls refused for a missing, malformed or wrong bearer token")
        .register(registry);
  }

  /**
   * Counts a call refused by a stream limit; {@code limit}: max_streams or max_streams_per_peer.
   */
  public void streamRefused(String limit) {
    refusedCounter(limit).increment();
  }

  private Counter refusedCounter(String limit) {
    return Counter.builder(PREFIX + ".streams.refused")
        .tag("limit", limit)
        .description("StartEventSource calls refused with RESOURCE_EXHAUSTED by a stream limit")
        .register(registry);
  }

  /**
   * Counts a stream ended because writing failed; {@code cause}: outbox_store (the outbox's file
   * could not be written or read) or write_loop (handing an event to gRPC threw).
   */
  void writeFailed(String cause) {
    Counter.builder(PREFIX + ".write.failures")
        .tag("cause", cause)
        .description("Streams ended because the outbox store or the write loop failed")
        .register(registry)
        .increment();
  }
}
