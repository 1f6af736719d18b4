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
package io.argogeneric.faults;

import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.StreamContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plugin the fault tests kill and restart: every {@code every} it emits {@code {"pid":..,
 * "seq":..}}, numbering from 1 per run. With {@code --emit-log} it appends {@code emitting PID SEQ}
 * before each emit and {@code accepted PID SEQ} once the SDK took the event, both written to the
 * operating system at once, so a test can tell which events the plugin handed over before a {@code
 * kill -9}. With {@code --emit-switch} it emits only while that file exists.
 */
public final class FaultPlugin extends EmitLogPlugin<FaultPlugin.Config> {
  /** {@code every}: time between events (default 20ms). */
  public record Config(Duration every) {}

  final AtomicLong ticks = new AtomicLong();
  final AtomicLong starts = new AtomicLong();
  final AtomicLong stops = new AtomicLong();

  public FaultPlugin() {
    super(Config.class);
  }

  @Override
  public Optional<OutboxSettings> outbox() {
    return withOutbox ? Optional.of(OutboxSettings.defaults()) : Optional.empty();
  }

  @Override
  public void start(StreamContext<Config> stream) {
    starts.incrementAndGet();
    stream.onStop(stops::incrementAndGet);
    Duration every =
        stream.config().every() == null ? Duration.ofMillis(20) : stream.config().every();
    AtomicLong seq = new AtomicLong();
    stream
        .scheduler()
        .scheduleAtFixedRate(
            every,
            every,
            () -> {
              ticks.incrementAndGet();
              if (!emitSwitchOn()) {
                return;
              }
              long n = seq.incrementAndGet();
              record("emitting", n);
              EmitResult result = stream.emitter().emitJson(Map.of("pid", pid, "seq", n));
              if (result == EmitResult.ACCEPTED) {
                record("accepted", n);
              }
            });
  }

  public static void main(String[] args) {
    new FaultPlugin().run(args);
  }
}
