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
import static org.assertj.core.api.Assertions.catchThrowable;

import io.argogeneric.testfixtures.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails part-way leaves nothing behind: no port listening, no thread running. */
class StartFailureTest {
  @TempDir Path dir;

  @Test
  void aTakenAdminPortClosesTheGrpcServerAndTheThreads() throws Exception {
    // issue 18.17: the gRPC server stayed up, listening, after launch() threw for the admin port
    int grpcPort = RuntimeTestSupport.freePort();
    long threadsBefore = sdkThreads();
    Throwable thrown;
    int adminPort;
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      adminPort = taken.getLocalPort();
      thrown =
          catchThrowable(
              () ->
                  new TestPlugin()
                      .launch(
                          "--port",
                          Integer.toString(grpcPort),
                          "--bind",
                          "127.0.0.1",
                          "--admin-port",
                          Integer.toString(adminPort)));
    }
    assertThat(thrown).isInstanceOf(IOException.class);
    try (ServerSocket again = new ServerSocket(grpcPort, 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort())
          .as("the gRPC port is free once launch() has thrown")
          .isEqualTo(grpcPort);
    }
    Waits.until("the server's threads end", () -> sdkThreads() <= threadsBefore);
    assertThat(thrown).hasMessageContaining("cannot listen on admin port 127.0.0.1:" + adminPort);
  }

  @Test
  void aBadClientCaStopsTheCertificateReloaderAndTheThreads() throws Exception {
    // issue 18.17: when the credentials failed, the executors were never shut down; the server
    // certificate's reload task, scheduled before the client CA failed, kept a worker thread alive
    TlsTest.Certs.authority(dir, "ca");
    TlsTest.Certs.leaf(
        dir, "ca", "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth");
    Path badCa = Files.writeString(dir.resolve("bad-ca.pem"), "not a certificate\n");
    long threadsBefore = sdkThreads();
    assertThatThrownBy(
            () ->
                new TestPlugin()
                    .launch(
                        "--port",
                        "0",
                        "--bind",
                        "127.0.0.1",
                        "--tls-cert",
                        dir.resolve("server.pem").toString(),
                        "--tls-key",
                        dir.resolve("server.key").toString(),
                        "--tls-client-ca",
                        badCa.toString()))
        .isInstanceOf(IOException.class);
    Waits.until("the server's threads end", () -> sdkThreads() <= threadsBefore);
  }

  private static long sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith("eventsource-worker-")
                    || n.startsWith("grpc-callback-")
                    || n.startsWith("grpc-control-"))
        .count();
  }
}
