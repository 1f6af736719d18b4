package io.argogeneric.sdk.internal;

import io.argogeneric.sdk.OverflowPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The SDK's meters, documented in docs/operations.md. Meters on the emit and write paths are
 * looked up once here, so the hot path only increments.
 */
public final class EngineMetrics {
  public static final String PREFIX = "eventsource";

  private final MeterRegistry registry;
  final Counter emitted;
  final Counter written;
  final Counter bytesWritten;
  final Timer emitToWrite;
  final Counter pluginFailures;
  final Counter authFailures;
  private final Map<OverflowPolicy, Counter> droppedByPolicy = new EnumMap<>(OverflowPolicy.class);
  private final Counter droppedAtStreamEnd;
  final AtomicLong bufferedEvents = new AtomicLong();

  public EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    emitted = Counter.builder(PREFIX + ".events.emitted").description("Events plugins emitted").register(registry);
    written = Counter.builder(PREFIX + ".events.written").description("Events handed to gRPC").register(registry);
    bytesWritten =
        Counter.builder(PREFIX + ".events.written.bytes").baseUnit("bytes")
            .description("Serialized bytes of events handed to gRPC").register(registry);
    emitToWrite =
        Timer.builder(PREFIX + ".events.latency")
            .description("Time from emit to hand-over to gRPC")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    pluginFailures =
        Counter.builder(PREFIX + ".plugin.failures").description("Plugin runs that threw").register(registry);
    authFailures =
        Counter.builder(PREFIX + ".auth.failures").description("Calls refused for a missing or wrong token")
            .register(registry);
    for (OverflowPolicy p : OverflowPolicy.values()) {
      droppedByPolicy.put(p, dropCounter(p.name().toLowerCase(java.util.Locale.ROOT)));
    }
    droppedAtStreamEnd = dropCounter("stream_ended");
    Gauge.builder(PREFIX + ".buffer.events", bufferedEvents, AtomicLong::doubleValue)
        .description("Events buffered in all streams, not yet handed to gRPC")
        .register(registry);
  }

  private Counter dropCounter(String reason) {
    return Counter.builder(PREFIX + ".events.dropped").tag("reason", reason)
        .description("Events discarded: by an overflow policy, or buffered when their stream ended")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  <T> void gaugeActiveStreams(T owner, ToDoubleFunction<T> value) {
    Gauge.builder(PREFIX + ".streams.active", owner, value).description("Streams open now").register(registry);
  }

  void streamEnded(String outcome) {
    registry.counter(PREFIX + ".streams.total", "outcome", outcome).increment();
  }

  void configError(String field) {
    registry.counter(PREFIX + ".config.errors", "field", field.isEmpty() ? "(config)" : field).increment();
  }

  void dropped(OverflowPolicy policy, long count) {
    droppedByPolicy.get(policy).increment(count);
  }

  void droppedAtEnd(long count) {
    droppedAtStreamEnd.increment(count);
  }

  void written(int bytes, long enqueuedNanos) {
    written.increment();
    bytesWritten.increment(bytes);
    emitToWrite.record(System.nanoTime() - enqueuedNanos, TimeUnit.NANOSECONDS);
  }

  /** Counts a refused call; the auth interceptor calls this. */
  public void authFailure() {
    authFailures.increment();
  }
}
