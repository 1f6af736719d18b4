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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.internal.tooling.ToolOptions;
import io.argogeneric.testfixtures.EventReader;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store} and its earlier name {@code --outbox-dir}, on the real runtime. */
class StoreFlagTest {
  @TempDir Path dir;

  /** Emits one event per stream: the position it resumed from, with that position plus one. */
  static final class Counting extends EventingServer<Counting.Config> {
    record Config(String unused) {}

    Counting() {
      super(Config.class);
    }

    @Override
    public void start(StreamContext<Config> stream) {
      int from = stream.lastPosition(Integer.class).orElse(0);
      stream.emitter().emitText("from " + from, from + 1);
    }
  }

  /** Starts a server with {@code flags}, reads its one event, and shuts it down. */
  private static String oneRun(String... flags) throws Exception {
    String[] args = new String[flags.length + 4];
    args[0] = "--port";
    args[1] = "0";
    args[2] = "--bind";
    args[3] = "127.0.0.1";
    System.arraycopy(flags, 0, args, 4, flags.length);
    RunningServer server = new Counting().launch(args);
    ManagedChannel channel = RuntimeTestSupport.plaintext(server.port());
    try {
      EventReader reader = EventReader.open(channel, "e", "{}");
      reader.awaitReceived(1, Duration.ofSeconds(20));
      // the server ends first, as with Argo's client, which never leaves on its own: a position is
      // recorded once gRPC has written its event, and a client that cancels right after reading
      // can beat that (the event then counts as maybe lost, and comes again)
      server.shutdown(Duration.ofSeconds(1)); // writes the newest position before it returns
      return reader.received.get(0);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  @DisplayName(
      "positions outlive the server with --store DIR, file:DIR and the alias --outbox-dir; not with the default memory store")
  void storeFlag() throws Exception {
    Path store = dir.resolve("store");
    assertThat(oneRun("--store", store.toString())).isEqualTo("from 0");
    assertThat(oneRun("--outbox-dir", store.toString())).isEqualTo("from 1");
    assertThat(oneRun("--store", "file:" + store)).isEqualTo("from 2");
    assertThat(oneRun()).as("memory: forgotten with the process").isEqualTo("from 0");
    assertThat(oneRun("--store", "memory")).isEqualTo("from 0");
  }

  @Test
  @DisplayName("--store and --outbox-dir naming different places is refused")
  void conflictingFlags() {
    assertThatThrownBy(
            () ->
                ServerLauncher.parse(
                    new Counting(),
                    new ServerOptions(),
                    new ToolOptions(),
                    new String[] {"--store", "/a", "--outbox-dir", "/b"},
                    new PrintWriter(new StringWriter())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--store and --outbox-dir (its earlier name) differ: /a and /b");
  }

  @Test
  @DisplayName("an unknown --store scheme stops the start with a message naming the known ones")
  void unknownScheme() {
    assertThatThrownBy(() -> oneRun("--store", "nats://localhost:4222"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no store for scheme 'nats'");
  }
}
