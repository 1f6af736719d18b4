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
package io.argogeneric.sdk.internal.runtime;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.ConfigErrors;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest plugin the runtime tests need: on start it emits {@code count} events at once
 * ({@code event-0}, {@code event-1}, ... or {@code size} bytes each), then idles until the stream
 * ends. It counts how often its code ran, so tests can prove that a refused call never reached it.
 */
public final class TestPlugin extends EventingServer<TestPlugin.Config> {
  /**
   * {@code count}: events to emit at start; {@code size}: payload bytes (0: a short text); {@code
   * fail}: throw from start after emitting.
   */
  public record Config(Integer count, Integer size, Boolean fail) {}

  final AtomicInteger starts = new AtomicInteger();
  final AtomicInteger validations = new AtomicInteger();

  public TestPlugin() {
    super(Config.class);
  }

  @Override
  public void validate(Config config, ConfigErrors errors) {
    validations.incrementAndGet();
  }

  @Override
  public StreamSettings streamSettings() {
    // drop rather than block, so that start() returns at once even for a client that never reads
    return StreamSettings.defaults().withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
  }

  @Override
  public void start(StreamContext<Config> stream) {
    starts.incrementAndGet();
    int count = stream.config().count() == null ? 1 : stream.config().count();
    int size = stream.config().size() == null ? 0 : stream.config().size();
    for (int i = 0; i < count; i++) {
      if (size > 0) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) ('a' + i % 26));
        stream.emitter().emit(payload);
      } else {
        stream.emitter().emitText("event-" + i);
      }
    }
    if (Boolean.TRUE.equals(stream.config().fail())) {
      throw new IllegalStateException("told to fail");
    }
  }

  /** Run as a process by the tests that need signals, environment variables and exit codes. */
  public static void main(String[] args) {
    new TestPlugin().run(args);
  }
}
