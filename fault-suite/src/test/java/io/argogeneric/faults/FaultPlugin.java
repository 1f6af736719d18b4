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
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Option;

/**
 * The plugin the fault tests kill and restart: every {@code every} it emits {@code {"pid":..,
 * "seq":..}}, numbering from 1 per run. With {@code --emit-log} it appends {@code emitting PID SEQ}
 * before each emit and {@code accepted PID SEQ} once the SDK took the event, both written to the
 * operating system at once, so a test can tell which events the plugin handed over before a {@code
 * kill -9}. With {@code --emit-switch} it emits only while that file exists.
 */
public final class FaultPlugin extends EventingServer<FaultPlugin.Config> {
  /** {@code every}: time between events (default 20ms). */
  public record Config(Duration every) {}

  @Option(
      names = "--emit-log",
      paramLabel = "FILE",
      description = "Append each emitted sequence number to FILE.")
  Path emitLog;

  @Option(
      names = "--emit-switch",
      paramLabel = "FILE",
      description = "Emit only while FILE exists.")
  Path emitSwitch;

  @Option(names = "--with-outbox", description = "Opt in to the SDK's outbox.")
  boolean withOutbox;

  final AtomicLong ticks = new AtomicLong();
  final AtomicLong starts = new AtomicLong();
  final AtomicLong stops = new AtomicLong();
  private final long pid = ProcessHandle.current().pid();
  private FileOutputStream log;

  public FaultPlugin() {
    super(Config.class);
  }

  @Override
  public Optional<OutboxSettings> outbox() {
    return withOutbox ? Optional.of(OutboxSettings.defaults()) : Optional.empty();
  }

  @Override
  public StreamSettings streamSettings() {
    // a timer task must not block on a client that stopped reading
    return StreamSettings.defaults().withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
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
              if (emitSwitch != null && !Files.exists(emitSwitch)) {
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

  private synchronized void record(String what, long n) {
    if (emitLog == null) {
      return;
    }
    try {
      if (log == null) {
        log = new FileOutputStream(emitLog.toFile(), true);
      }
      // an unbuffered stream: each line reaches the operating system before the emit, so kill -9
      // keeps it
      log.write((what + " " + pid + " " + n + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    new FaultPlugin().run(args);
  }
}
