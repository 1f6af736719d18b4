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
package io.argogeneric.testkit;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ticker, each tick carrying its number as its position, with or without an outbox. With one,
 * its runs outlive their streams, so the contract's outbox checks (takeover, detached run) apply.
 */
public final class PositionedTickerServer extends EventingServer<TickerServer.Config> {
  private final Optional<OutboxSettings> outbox;

  private PositionedTickerServer(Optional<OutboxSettings> outbox) {
    super(TickerServer.Config.class);
    this.outbox = outbox;
  }

  public static PositionedTickerServer withOutbox() {
    return new PositionedTickerServer(Optional.of(OutboxSettings.defaults().withMaxEvents(100)));
  }

  public static PositionedTickerServer withoutOutbox() {
    return new PositionedTickerServer(Optional.empty());
  }

  @Override
  public Optional<OutboxSettings> outbox() {
    return outbox;
  }

  @Override
  public void validate(TickerServer.Config config, ConfigErrors errors) {
    if (config.interval().isZero() || config.interval().isNegative()) {
      errors.add("interval", "must be positive, got " + config.interval());
    }
  }

  @Override
  public void start(StreamContext<TickerServer.Config> stream) {
    AtomicLong n = new AtomicLong();
    Duration every = stream.config().interval();
    stream
        .scheduler()
        .scheduleAtFixedRate(
            every,
            every,
            () -> {
              long next = n.incrementAndGet();
              stream.emitter().emitJson(new TickerServer.Tick(next, ""), next);
            });
  }
}
