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

import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.health;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What clients can make the server log, counted in the log of a real server process. */
class ClientDrivenLogTest {
  @TempDir Path dir;

  @Test
  void oversizedMessagesAndDistinctBadConfigsMakeABoundedNumberOfLogLines() throws Exception {
    // issue 18.8: each oversized message logged a 1.5 KB stack trace; each distinct bad config a
    // WARN
    int port = RuntimeTestSupport.freePort();
    Path stderr = dir.resolve("stderr");
    Process p =
        RuntimeTestSupport.java(
                TestPlugin.class.getName(),
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--max-config-bytes",
                "512")
            .redirectError(stderr.toFile())
            .redirectOutput(dir.resolve("stdout").toFile())
            .start();
    ManagedChannel ch = plaintext(port);
    try {
      Waits.until("SERVING", () -> p.isAlive() && health(ch) == ServingStatus.SERVING);
      List<RuntimeTestSupport.Stream> streams = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        streams.add(open(ch, "big", "count: 1\n# " + "x".repeat(2000), null)); // 300 KB in all
      }
      for (int i = 0; i < 300; i++) {
        streams.add(open(ch, "bad", "unknown" + i + ": 1", null));
      }
      for (int i = 0; i < streams.size(); i++) {
        assertThat(streams.get(i).awaitEnd(Duration.ofSeconds(30)).getCode())
            .isEqualTo(i < 150 ? Status.Code.RESOURCE_EXHAUSTED : Status.Code.INVALID_ARGUMENT);
      }
      // the server is still serving (its log is flushed line by line as it goes)
      assertThat(health(ch)).isEqualTo(ServingStatus.SERVING);
      List<String> lines =
          Files.readAllLines(stderr).stream()
              .filter(l -> !l.startsWith("WARNING: ")) // the JVM's own warnings, not our logger's
              .filter(l -> !l.contains("serving gRPC on port"))
              .toList();
      assertThat(lines)
          .as("log lines caused by 450 bad calls:\n%s", String.join("\n", lines))
          .hasSizeLessThanOrEqualTo(10)
          .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception processing message"));
      assertThat(Files.size(stderr)).isLessThan(8 * 1024);
    } finally {
      ch.shutdownNow();
      p.destroyForcibly();
    }
  }
}
