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

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The training run's hand-written health call, against real servers. */
class RawHealthCheckTest {
  @Test
  void servingAndNotServingAsAGrpcServerAnswers() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(health.getHealthService())
            .build()
            .start();
    try {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
      assertThat(RawHealthCheck.isServing(address, 5_000)).isTrue();
      health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
      assertThat(RawHealthCheck.isServing(address, 5_000)).isFalse();
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void aPeerThatIsNotHttp2FailsWithinTheTimeoutInsteadOfHanging() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  s.getInputStream().readAllBytes(); // reads, never answers
                } catch (IOException e) {
                  // the client went away: done
                }
              });
      acceptor.start();
      long t0 = System.nanoTime();
      assertThatThrownBy(
              () ->
                  RawHealthCheck.isServing(
                      new InetSocketAddress(
                          InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                      300))
          .isInstanceOf(IOException.class);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
      acceptor.join(5_000);
    }
  }
}
