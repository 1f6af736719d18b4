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
package io.argogeneric.sdk;

import io.argogeneric.sdk.config.GoDuration;
import java.time.Duration;
import java.util.Objects;

/**
 * Opts a plugin into an outbox: its runs then belong to a stream <em>identity</em> (event name plus
 * a hash of the config) rather than to one connection. When Argo's client goes away (its 5 s
 * reconnect tick, a leader failover), the run keeps going and its events wait in the outbox; the
 * next stream of the same identity receives them first, in order. A newer stream of an identity
 * takes over from an older one, which ends with {@code ABORTED}, so nothing is sent to a stream
 * Argo has abandoned.
 *
 * <p>The outbox is bounded in events, bytes and age. Events older than {@code maxAge} are discarded
 * (counted as {@code expired}), and a run that no stream has claimed for {@code maxAge} is stopped.
 * With a persistent store (the server flag {@code --store DIR}, formerly {@code --outbox-dir}) the
 * outbox is also written to a file before an emit counts as accepted, so it survives a crash or
 * restart of the server process.
 *
 * @param maxEvents the most events held for an identity, connected or not
 * @param maxBytes the most payload bytes held
 * @param maxAge how long an event may wait, and how long a run may go unclaimed
 * @param overflowPolicy what an emit does when the outbox is full while no stream is connected
 * @since 0.1.0
 */
public record OutboxSettings(
    int maxEvents, long maxBytes, Duration maxAge, OverflowPolicy overflowPolicy) {

  /** Checks the bounds: events and bytes positive, {@code maxAge} positive, nothing null. */
  public OutboxSettings {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(overflowPolicy, "overflowPolicy");
    if (maxEvents < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "outbox bounds must be positive: " + maxEvents + " events, " + maxBytes + " bytes");
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive: " + GoDuration.format(maxAge));
    }
  }

  /** 10,000 events, 64 MiB, 1 hour, dropping the oldest when full. */
  public static OutboxSettings defaults() {
    return new OutboxSettings(
        10_000, 64L * 1024 * 1024, Duration.ofHours(1), OverflowPolicy.DROP_OLDEST);
  }

  /** These settings with at most {@code events} events held. */
  public OutboxSettings withMaxEvents(int events) {
    return new OutboxSettings(events, maxBytes, maxAge, overflowPolicy);
  }

  /** These settings with at most {@code bytes} payload bytes held. */
  public OutboxSettings withMaxBytes(long bytes) {
    return new OutboxSettings(maxEvents, bytes, maxAge, overflowPolicy);
  }

  /** These settings with events and unclaimed runs expiring after {@code age}. */
  public OutboxSettings withMaxAge(Duration age) {
    return new OutboxSettings(maxEvents, maxBytes, age, overflowPolicy);
  }

  /** These settings with {@code policy} applied when the outbox is full. */
  public OutboxSettings withOverflowPolicy(OverflowPolicy policy) {
    return new OutboxSettings(maxEvents, maxBytes, maxAge, policy);
  }
}
