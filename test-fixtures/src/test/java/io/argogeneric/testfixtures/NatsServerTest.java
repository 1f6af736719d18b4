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
package io.argogeneric.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsServerTest {
  @Test
  void startsWithJetStreamSurvivesKillNineAndRestartsOnTheSamePortAndDirectory() throws Exception {
    try (NatsServer nats = NatsServer.start()) {
      assertThat(nats.isRunning()).isTrue();
      assertThat(nats.url()).isEqualTo("nats://127.0.0.1:" + nats.port());
      assertThat(info(nats.port())).contains("\"jetstream\":true");
      assertThat(nats.storeDir()).isDirectory();

      nats.kill();
      assertThat(nats.isRunning()).isFalse();
      assertThatThrownBy(() -> info(nats.port())).isInstanceOf(ConnectException.class);

      nats.restart();
      assertThat(info(nats.port())).contains("\"jetstream\":true");
      assertThat(nats.log()).contains("Server is ready");

      nats.stop();
      assertThat(nats.isRunning()).isFalse();
      assertThat(nats.storeDir()).isDirectory(); // stop keeps the files, close deletes them
    }
  }

  @Test
  void aMissingBinaryFailsWithWhatToInstall(@TempDir Path empty) {
    assertThatThrownBy(() -> NatsServer.findBinary(Map.of("PATH", empty.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nats-server is not installed")
        .hasMessageContaining("apt-get install nats-server")
        .hasMessageContaining(NatsServer.BINARY_ENV);
  }

  @Test
  void anExplicitBinaryMustBeExecutable(@TempDir Path dir) throws IOException {
    Path notABinary = Files.writeString(dir.resolve("nats-server"), "text");
    assertThatThrownBy(
            () -> NatsServer.findBinary(Map.of(NatsServer.BINARY_ENV, notABinary.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not an executable nats-server binary");
  }

  /** The INFO line a NATS server sends to every new connection. */
  private static String info(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    }
  }
}
