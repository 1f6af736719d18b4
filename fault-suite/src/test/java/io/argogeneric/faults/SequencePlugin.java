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
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source that can re-read from any offset, like a log: event {@code n} carries {@code
 * {"pid":..,"seq":n}} and position {@code n}, and each run starts at {@code lastPosition + 1} (1
 * when none was recorded). Every {@code every} it emits up to {@code burst} events; an event the
 * SDK does not accept is emitted again on the next tick, so only the SDK's positions decide what a
 * later run re-reads. With {@code --emit-log} it appends {@code start PID FIRST} when a run starts,
 * {@code accepted PID SEQ} after each accepted emit, {@code refused PID SEQ} when the SDK did not
 * take one, and {@code paused PID NEXT} when it finds the switch off, unbuffered, so the lines
 * survive {@code kill -9}. With {@code --emit-switch} it emits only while that file exists.
 */
public final class SequencePlugin extends EmitLogPlugin<SequencePlugin.Config> {
  /**
   * {@code every}: time between bursts (default 10ms); {@code burst}: events per tick (10); {@code
   * pad}: characters of padding per event (0), so fewer events fill the transport's windows.
   */
  public record Config(Duration every, Integer burst, Integer pad) {}

  public SequencePlugin() {
    super(Config.class);
  }

  @Override
  public Optional<OutboxSettings> outbox() {
    // DROP_NEWEST: a full outbox refuses the new event (re-read on the next tick) rather than
    // discarding one whose position was already recorded
    return withOutbox
        ? Optional.of(OutboxSettings.defaults().withOverflowPolicy(OverflowPolicy.DROP_NEWEST))
        : Optional.empty();
  }

  @Override
  public void start(StreamContext<Config> stream) {
    long first = stream.lastPosition(Long.class).map(p -> p + 1).orElse(1L);
    record("start", first);
    Config config = stream.config();
    Duration every = config.every() == null ? Duration.ofMillis(10) : config.every();
    int burst = config.burst() == null ? 10 : config.burst();
    String pad = config.pad() == null ? "" : "x".repeat(config.pad());
    AtomicLong next = new AtomicLong(first);
    AtomicBoolean paused = new AtomicBoolean();
    stream
        .scheduler()
        .scheduleAtFixedRate(
            every,
            every,
            () -> {
              for (int i = 0; i < burst; i++) {
                if (!emitSwitchOn()) {
                  if (!paused.getAndSet(true)) {
                    record("paused", next.get());
                  }
                  return;
                }
                paused.set(false);
                long n = next.get();
                EmitResult result;
                try {
                  result = stream.emitter().emitJson(Map.of("pid", pid, "seq", n, "pad", pad), n);
                } catch (StreamClosedException e) {
                  return;
                }
                if (result != EmitResult.ACCEPTED) {
                  record("refused", n);
                  return; // the buffer is full: read n again on the next tick
                }
                record("accepted", n);
                next.incrementAndGet();
              }
            });
  }

  public static void main(String[] args) {
    new SequencePlugin().run(args);
  }
}
