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
package io.argogeneric.cli;

import static io.argogeneric.cli.TestEventingServer.sendThenHold;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar, started the way a user starts it, against a real server. */
class JarProcessTest {

  @Test
  void theShadedJarReceivesWrapsAndPrintsEventsThenExitsZero() throws Exception {
    Path jar = Path.of("target", "argo-client.jar");
    assertThat(jar).as("built in the process-classes phase").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (TestEventingServer server =
        TestEventingServer.start(sendThenHold("{\"n\":1}", "{\"n\":2}"))) {
      Process process =
          new ProcessBuilder(
                  java,
                  "-jar",
                  jar.toString(),
                  "--url",
                  server.url(),
                  "--name",
                  "jar-test",
                  "--config",
                  "interval: 1s",
                  "--json-body",
                  "--metadata",
                  "via=jar",
                  "--token",
                  "tok",
                  "--count",
                  "2",
                  "--duration",
                  "30s")
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(process.exitValue()).as(stderr).isZero();
      assertThat(stdout)
          .isEqualTo(
              "{\"body\":{\"n\":1},\"metadata\":{\"via\":\"jar\"}}\n"
                  + "{\"body\":{\"n\":2},\"metadata\":{\"via\":\"jar\"}}\n");
      assertThat(stderr)
          .contains("dialing " + server.url() + " (plaintext), event name 'jar-test'");
      assertThat(server.calls())
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.name()).isEqualTo("jar-test");
                assertThat(call.config()).isEqualTo("interval: 1s");
                assertThat(call.authorization()).isEqualTo("Bearer tok");
              });
    }
    assertThat(Files.size(jar)).isPositive();
  }
}
