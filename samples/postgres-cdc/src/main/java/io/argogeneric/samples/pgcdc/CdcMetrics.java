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
package io.argogeneric.samples.pgcdc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The server's capture metrics, shared by its streams: changes emitted, failed attempts to reach
 * the database, streams waiting for it, and each active slot's lag in bytes. Slot gauges exist
 * while a stream reads the slot (so their number is bounded by the streams running); the
 * database-trouble log line is written at most once per {@link #LOG_EVERY_NANOS} for the whole
 * server.
 */
final class CdcMetrics {
  static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final MeterRegistry registry;
  private final Counter changes;
  private final Counter databaseFailures;
  private final AtomicInteger waiting = new AtomicInteger();
  // guarded by this
  private final Map<String, SlotGauge> slots = new HashMap<>();
  private long lastLogNanos = System.nanoTime() - LOG_EVERY_NANOS;
  private long suppressed;

  private static final class SlotGauge {
    final AtomicLong lag = new AtomicLong(-1);
    Gauge gauge;
    int users;
  }

  CdcMetrics(MeterRegistry registry) {
    this.registry = registry;
    changes =
        Counter.builder("pgcdc.changes")
            .description("Row changes emitted to streams")
            .register(registry);
    databaseFailures =
        Counter.builder("pgcdc.database.failures")
            .description("Failed attempts to reach PostgreSQL (each retried with backoff)")
            .register(registry);
    Gauge.builder("pgcdc.database.waiting", waiting, AtomicInteger::get)
        .description("Streams waiting for PostgreSQL to be reachable again")
        .register(registry);
  }

  void changeEmitted() {
    changes.increment();
  }

  void databaseFailed() {
    databaseFailures.increment();
  }

  void waiting(boolean isWaiting) {
    if (isWaiting) {
      waiting.incrementAndGet();
    } else {
      waiting.decrementAndGet();
    }
  }

  /** The lag holder of {@code slot}, its gauge registered while at least one stream holds it. */
  synchronized AtomicLong slotLag(String slot) {
    SlotGauge g = slots.computeIfAbsent(slot, s -> new SlotGauge());
    if (g.users++ == 0) {
      g.gauge =
          Gauge.builder("pgcdc.slot.lag.bytes", g.lag, AtomicLong::get)
              .description(
                  "WAL bytes the replication slot holds back (current WAL position minus its"
                      + " confirmed flush); -1 until known")
              .tag("slot", slot)
              .strongReference(true)
              .register(registry);
    }
    return g.lag;
  }

  synchronized void releaseSlot(String slot) {
    SlotGauge g = slots.get(slot);
    if (g != null && --g.users == 0) {
      registry.remove(g.gauge);
      slots.remove(slot);
    }
  }

  /** Logs {@code message} unless another such line went out less than 10 s ago (counted). */
  void rateLimitedWarn(Logger log, String message) {
    long suppressedBefore;
    synchronized (this) {
      long now = System.nanoTime();
      if (now - lastLogNanos < LOG_EVERY_NANOS) {
        suppressed++;
        return;
      }
      lastLogNanos = now;
      suppressedBefore = suppressed;
      suppressed = 0;
    }
    if (suppressedBefore > 0) {
      log.warn("{} ({} similar lines suppressed)", message, suppressedBefore);
    } else {
      log.warn(message);
    }
  }
}
