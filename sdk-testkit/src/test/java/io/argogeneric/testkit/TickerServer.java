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

import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.ConfigErrors;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small plugin for the testkit's own tests: emits {"n": 1}, {"n": 2}, ... every {@code interval}.
 */
public final class TickerServer extends EventingServer<TickerServer.Config> {
  /** {@code padding} adds that many characters to each payload, for tests about bytes. */
  public record Config(@JsonProperty(required = true) Duration interval, int padding) {}

  public record Tick(long n, String pad) {}

  private final StreamSettings settings;
  final AtomicInteger stops = new AtomicInteger();

  public TickerServer() {
    this(StreamSettings.defaults());
  }

  public TickerServer(StreamSettings settings) {
    super(Config.class);
    this.settings = settings;
  }

  @Override
  public void validate(Config config, ConfigErrors errors) {
    if (config.interval().isZero() || config.interval().isNegative()) {
      errors.add("interval", "must be positive, got " + config.interval());
    }
    if (config.padding() < 0) {
      errors.add("padding", "must not be negative");
    }
  }

  @Override
  public StreamSettings streamSettings() {
    return settings;
  }

  @Override
  public void start(StreamContext<Config> stream) {
    AtomicLong n = new AtomicLong();
    Duration every = stream.config().interval();
    String pad = "x".repeat(stream.config().padding());
    stream
        .scheduler()
        .scheduleAtFixedRate(
            every, every, () -> stream.emitter().emitJson(new Tick(n.incrementAndGet(), pad)));
    stream.onStop(stops::incrementAndGet);
  }
}
