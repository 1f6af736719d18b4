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

import static io.argogeneric.faults.Faults.completeLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.internal.EngineProbe;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.runtime.ServerLauncher;
import io.argogeneric.testfixtures.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line client's process is killed with SIGKILL in the middle of a stream. */
class ClientKillTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Pools (gRPC callbacks, SDK workers, netty loops) start threads lazily up to a fixed size. */
  private static final int THREAD_SLACK = 4;

  @TempDir Path dir;
  private RunningServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void pluginStopsAndNothingIsLeftBehind() throws Exception {
    FaultPlugin plugin = new FaultPlugin();
    server = plugin.launch("--port", "0", "--bind", "127.0.0.1");
    EventingEngine<?> engine = ServerLauncher.engineOf(server);

    // warm the server's pools with one stream that ends normally, then take the baseline
    Process warmUp = client("warm", "--count", "5");
    assertThat(warmUp.waitFor(60, TimeUnit.SECONDS))
        .as("warm-up client exits after 5 events")
        .isTrue();
    assertThat(warmUp.exitValue()).isZero();
    Waits.until(
        "warm-up stream ended", WAIT, () -> engine.activeStreams() == 0 && plugin.stops.get() == 1);
    int baselineThreads = Faults.liveThreads();

    Path out = dir.resolve("victim.out");
    Process victim = client("victim");
    Waits.until("the client prints 20 events", WAIT, () -> completeLines(out).size() >= 20);
    assertThat(engine.activeStreams()).isEqualTo(1);
    assertThat(engine.pendingTasks()).as("the run's timer").isEqualTo(1);

    long killedAt = System.nanoTime();
    Faults.killHard(victim);
    Waits.until("the plugin's stop action runs", WAIT, () -> plugin.stops.get() == 2);
    long stopMillis = (System.nanoTime() - killedAt) / 1_000_000;

    long ticksAtStop = plugin.ticks.get();
    assertThat(engine.activeStreams()).as("active streams").isZero();
    assertThat(engine.pendingTasks()).as("timers of open streams").isZero();
    assertThat(EngineProbe.queuedTasks(engine)).as("tasks queued on the SDK's executor").isZero();
    assertThat(engine.bufferedEvents()).as("buffered events").isZero();
    assertThat(engine.bufferedBytes()).as("buffered bytes").isZero();
    // the run ticked every 20 ms: ten periods with no tick show its timer is gone, not just late
    Thread.sleep(200);
    assertThat(plugin.ticks.get()).as("plugin ticks after its stop").isEqualTo(ticksAtStop);
    Waits.until(
        "threads back to the baseline of " + baselineThreads + " + " + THREAD_SLACK,
        Waits.DEFAULT,
        () -> Faults.liveThreads() <= baselineThreads + THREAD_SLACK);
    int threadsAfter = Faults.liveThreads();
    assertThat(stopMillis)
        .as("ms from SIGKILL of the client to the plugin's stop")
        .isLessThan(1000);
    System.out.printf(
        "client-kill: plugin stopped %d ms after SIGKILL of the client; threads baseline %d, after %d; "
            + "%d events printed before the kill%n",
        stopMillis, baselineThreads, threadsAfter, completeLines(out).size());
  }

  private Process client(String name, String... extra) throws java.io.IOException {
    String[] base = {
      "--url",
      "127.0.0.1:" + server.port(),
      "--name",
      "victim",
      "--config",
      "every: 20ms",
      "--retry",
      "300ms"
    };
    String[] args =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
            .toArray(String[]::new);
    return Faults.client(dir.resolve(name + ".out"), dir.resolve(name + ".err"), args);
  }
}
