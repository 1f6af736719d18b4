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

import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.assertEndedWith;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.get;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.health;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Large configs over loopback: what they may expand to, and what binding them costs everyone else.
 */
class BindingLoadTest {
  private static final int CLIENTS = 16;

  @Test
  void aliasesRepeatingALargeStringAreRefusedOverGrpc() throws Exception {
    // issue 18.1: one 60 KB string referenced 15,000 times bound cheaply, then blew up every
    // serialisation
    StringBuilder yaml =
        new StringBuilder("items: [&big ").append("x".repeat(60_000)).append("]\nmetadata:\n");
    for (int i = 0; i < 15_000; i++) {
      yaml.append("  k").append(i).append(": *big\n");
    }
    try (RunningServer server = new BulkPlugin().launch("--port", "0", "--bind", "127.0.0.1")) {
      ManagedChannel ch = plaintext(server.port());
      try {
        assertEndedWith(
            open(ch, "aliases", yaml.toString(), null),
            Status.Code.INVALID_ARGUMENT,
            "config: expands to more than 1048576 characters of keys and values");
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void healthAnswersStayPromptWhileClientsLoopALargeLegalConfig() throws Exception {
    // issue 18.4: binding ran on the callback pool that health checks share; 16 clients looping a
    // legal 600 KB config pushed the health check's median past Kubernetes' 1 s probe timeout
    StringBuilder yaml = new StringBuilder("items:\n");
    for (int i = 0; yaml.length() < 600_000; i++) {
      yaml.append("- item-").append(i).append('\n');
    }
    String config = yaml.toString();
    try (RunningServer server =
        new BulkPlugin().launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0")) {
      ManagedChannel probe = plaintext(server.port());
      List<ManagedChannel> clients = new ArrayList<>();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger bound = new AtomicInteger();
      List<Thread> loops = new ArrayList<>();
      try {
        long[] idle = probeMillis(probe, server, 11);
        for (int c = 0; c < CLIENTS; c++) {
          ManagedChannel ch = plaintext(server.port());
          clients.add(ch);
          Thread t =
              new Thread(
                  () -> {
                    while (running.get()) {
                      RuntimeTestSupport.Stream s = open(ch, "bulk", config, null);
                      try {
                        s.await(1, Duration.ofSeconds(60));
                        bound.incrementAndGet();
                      } catch (AssertionError | InterruptedException e) {
                        return;
                      } finally {
                        s.cancel();
                      }
                    }
                  },
                  "bulk-client-" + c);
          t.setDaemon(true);
          t.start();
          loops.add(t);
        }
        Waits.until("binding load under way", Duration.ofSeconds(60), () -> bound.get() >= 4);
        int boundBefore = bound.get();
        long[] loaded = probeMillis(probe, server, 11);
        for (int round = 0; round < 5 && bound.get() - boundBefore < 2; round++) {
          loaded =
              probeMillis(probe, server, 11); // probe on until binds have visibly gone on meanwhile
        }
        int boundDuring = bound.get() - boundBefore;
        assertThat(boundDuring).as("binds completed while the probes ran").isPositive();
        System.out.printf(
            "health p50 idle: gRPC %d ms, /healthz %d ms; under load (%d binds while probing): "
                + "gRPC %d ms, /healthz %d ms%n",
            idle[0], idle[1], boundDuring, loaded[0], loaded[1]);
        // generous: Kubernetes' default probe timeout is 1 s; the median must stay well inside it
        assertThat(loaded[0])
            .as("gRPC health p50 under load (idle: %d ms)", idle[0])
            .isLessThan(Math.max(500, 20 * idle[0]));
        assertThat(loaded[1])
            .as("/healthz p50 under load (idle: %d ms)", idle[1])
            .isLessThan(Math.max(500, 20 * idle[1]));
      } finally {
        running.set(false);
        loops.forEach(Thread::interrupt);
        clients.forEach(ManagedChannel::shutdownNow);
        for (Thread t : loops) {
          t.join(10_000);
        }
        probe.shutdownNow();
      }
    }
  }

  /** Medians, in ms, of {@code n} gRPC health checks and {@code n} admin /healthz requests. */
  private static long[] probeMillis(ManagedChannel probe, RunningServer server, int n)
      throws Exception {
    long[] grpc = new long[n];
    long[] http = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      ServingStatus status = health(probe); // a check that misses its 2 s deadline counts as 2 s
      grpc[i] = status == ServingStatus.SERVING ? (System.nanoTime() - t0) / 1_000_000 : 2_000;
      t0 = System.nanoTime();
      int code = get(server.adminPort(), "/healthz").statusCode();
      http[i] = code == 200 ? (System.nanoTime() - t0) / 1_000_000 : 5_000;
      Thread.sleep(50);
    }
    Arrays.sort(grpc);
    Arrays.sort(http);
    return new long[] {grpc[n / 2], http[n / 2]};
  }
}
