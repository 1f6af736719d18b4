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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.ConfigErrors;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test plugin that hands each stream's context to the test, so a test emits exactly when it
 * wants. With {@code every} set it also ticks through the SDK scheduler, emitting "0", "1", ...
 */
final class CapturingPlugin extends EventingServer<CapturingPlugin.Config> {
  record Config(
      Duration every,
      String failWith,
      int bufferEvents,
      Long bufferBytes,
      OverflowPolicy policy,
      Duration blockTimeout) {}

  final BlockingQueue<StreamContext<Config>> streams = new LinkedBlockingQueue<>();
  final AtomicInteger starts = new AtomicInteger();
  final AtomicInteger stops = new AtomicInteger();
  private volatile StreamSettings settings = StreamSettings.defaults();
  private volatile io.argogeneric.sdk.OutboxSettings outbox;

  CapturingPlugin() {
    super(Config.class);
  }

  CapturingPlugin withSettings(StreamSettings s) {
    settings = s;
    return this;
  }

  CapturingPlugin withOutbox(io.argogeneric.sdk.OutboxSettings o) {
    outbox = o;
    return this;
  }

  @Override
  public java.util.Optional<io.argogeneric.sdk.OutboxSettings> outbox() {
    return java.util.Optional.ofNullable(outbox);
  }

  @Override
  public void start(StreamContext<Config> stream) {
    starts.incrementAndGet();
    Config c = stream.config();
    stream.onStop(stops::incrementAndGet);
    if (c.failWith() != null) {
      throw new IllegalStateException(c.failWith());
    }
    if (c.every() != null) {
      AtomicInteger n = new AtomicInteger();
      stream
          .scheduler()
          .scheduleAtFixedRate(
              c.every(),
              c.every(),
              () -> stream.emitter().emitText(Integer.toString(n.getAndIncrement())));
    }
    streams.add(stream);
  }

  @Override
  public void validate(Config config, ConfigErrors errors) {
    if (config.every() != null && config.every().isNegative()) {
      errors.add("every", "must be positive");
    }
  }

  @Override
  public StreamSettings streamSettings() {
    return settings;
  }

  StreamContext<Config> awaitStream() throws InterruptedException {
    // generous: CI is a loaded 2-core box
    StreamContext<Config> s = streams.poll(30, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no stream started within 30s");
    }
    return s;
  }
}
