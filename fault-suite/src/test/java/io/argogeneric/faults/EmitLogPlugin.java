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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamSettings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What the fault tests' plugins share: the {@code --emit-log} a test reads after a {@code kill -9},
 * the {@code --emit-switch} that pauses emitting, the {@code --with-outbox} opt-in, and timer tasks
 * that never block on a client that stopped reading.
 */
abstract class EmitLogPlugin<C> extends EventingServer<C> {
  @Option(names = "--emit-log", paramLabel = "FILE", description = "Append what was emitted.")
  Path emitLog;

  @Option(
      names = "--emit-switch",
      paramLabel = "FILE",
      description = "Emit only while FILE exists.")
  Path emitSwitch;

  @Option(names = "--with-outbox", description = "Opt in to the SDK's outbox.")
  boolean withOutbox;

  final long pid = ProcessHandle.current().pid();
  private FileOutputStream log;

  EmitLogPlugin(Class<C> configType) {
    super(configType);
  }

  @Override
  public StreamSettings streamSettings() {
    // a timer task must not block on a client that stopped reading
    return StreamSettings.defaults().withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
  }

  /** False while the test has switched emitting off (deleted the --emit-switch file). */
  final boolean emitSwitchOn() {
    return emitSwitch == null || Files.exists(emitSwitch);
  }

  /** Appends {@code WHAT PID N} to the emit log, if there is one. */
  final synchronized void record(String what, long n) {
    if (emitLog == null) {
      return;
    }
    try {
      if (log == null) {
        log = new FileOutputStream(emitLog.toFile(), true);
      }
      // unbuffered: each line reaches the operating system at once, so kill -9 keeps it
      log.write((what + " " + pid + " " + n + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
