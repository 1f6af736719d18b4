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

import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.get;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.health;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.3: an OutOfMemoryError killed the admin HTTP dispatcher; gRPC kept serving while
 * /healthz, /readyz and /metrics stayed dead. The standalone server now fails fast instead.
 */
class FailFastTest {
  @TempDir Path dir;

  @Test
  void aThreadDyingOfOutOfMemoryEndsTheServerProcessWithExitCode3() throws Exception {
    int port = RuntimeTestSupport.freePort();
    Path trigger = dir.resolve("hog");
    Path stderr = dir.resolve("stderr");
    ProcessBuilder pb =
        RuntimeTestSupport.java(
            HeapHogServer.class.getName(),
            "--bind",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--admin-port",
            "0");
    pb.command().add(1, "-Xmx64m");
    pb.command().add(2, "-Dhog.trigger=" + trigger);
    Process p =
        pb.redirectError(stderr.toFile()).redirectOutput(dir.resolve("stdout").toFile()).start();
    ManagedChannel ch = plaintext(port);
    try {
      Waits.until("SERVING", () -> p.isAlive() && health(ch) == ServingStatus.SERVING);
      Files.writeString(trigger, "go");
      assertThat(p.waitFor(30, TimeUnit.SECONDS))
          .as(
              "the process exits after a thread died of OutOfMemoryError; stderr:\n%s",
              Files.readString(stderr))
          .isTrue();
      assertThat(p.exitValue()).isEqualTo(FatalErrors.EXIT_CODE);
      assertThat(Files.readString(stderr))
          .contains(
              "FATAL thread heap-hog died of java.lang.OutOfMemoryError: Java heap space; exiting with code 3");
    } finally {
      ch.shutdownNow();
      p.destroyForcibly();
    }
  }

  @Test
  void anAdminRequestThatFailsIsAnswered500AndTheAdminPortKeepsAnswering() throws Exception {
    // embedded (no process to end): the admin server answers the failed request and the next ones
    try (AdminServer admin =
        new AdminServer(
            "127.0.0.1",
            0,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> {
              throw new OutOfMemoryError("simulated");
            })) {
      assertThat(get(admin.port(), "/readyz").statusCode()).isEqualTo(500);
      assertThat(get(admin.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(admin.port(), "/readyz").statusCode()).isEqualTo(500);
      assertThat(get(admin.port(), "/metrics").statusCode()).isEqualTo(200);
    }
  }

  /**
   * The test plugin's server, plus a thread that exhausts the heap (and dies of it) when told to.
   */
  public static final class HeapHogServer {
    private HeapHogServer() {}

    public static void main(String[] args) {
      Path trigger = Path.of(System.getProperty("hog.trigger"));
      Thread hog =
          new Thread(
              () -> {
                try {
                  while (!Files.exists(trigger)) {
                    Thread.sleep(20);
                  }
                } catch (InterruptedException e) {
                  return;
                }
                List<long[]> hoard = new ArrayList<>();
                while (true) {
                  hoard.add(new long[1 << 17]); // 1 MiB at a time until the heap is gone
                }
              },
              "heap-hog");
      hog.setDaemon(true);
      hog.start();
      new TestPlugin().run(args);
    }
  }
}
