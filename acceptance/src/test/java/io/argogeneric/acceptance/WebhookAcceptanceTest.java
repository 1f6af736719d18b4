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
package io.argogeneric.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.testfixtures.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5's acceptance: the webhook jar, an independent subscriber (grpc-js), and curl. */
class WebhookAcceptanceTest {
  private static final String CONFIG =
      "endpoint: /hook\nmethod: POST\nauthToken: s3cret\nmaxPayloadSize: 4096\n";
  private static Processes.Server server;
  private static int httpPort;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    httpPort = Processes.freePort();
    server =
        Processes.startJar(
            "samples/webhook-bridge/target/webhook-bridge-eventsource.jar",
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--http-port",
            Integer.toString(httpPort));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private String curl(String... args) throws Exception {
    String[] cmd = new String[args.length + 4];
    cmd[0] = "curl";
    cmd[1] = "-s";
    cmd[2] = "-o/dev/null";
    cmd[3] = "-w%{http_code}\\n";
    System.arraycopy(args, 0, cmd, 4, args.length);
    // curl exits non-zero when it cannot connect (the listener opens with the first stream); its
    // printed code (000) is what the tests look at
    return Processes.run(false, Duration.ofMinutes(3), tmp, cmd).trim();
  }

  private void awaitSubscribed() {
    String hook = "http://127.0.0.1:" + httpPort + "/hook";
    AtomicReference<String> code = new AtomicReference<>();
    Waits.until(
        "the endpoint to answer 200",
        Waits.DEFAULT,
        () -> {
          // with no stream connected the endpoint is unknown (connection refused, 000) or 503
          try {
            code.set(
                curl(
                    "-X",
                    "POST",
                    "-H",
                    "Authorization: Bearer s3cret",
                    "-H",
                    "Content-Type: application/json",
                    "-d",
                    "{\"i\":-1}",
                    hook));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return code.get().equals("200");
        },
        () -> "last answer " + code.get());
  }

  @Test
  @DisplayName(
      "1,000 POSTs from curl are all answered 200 and all 1,000 events reach an independent subscriber")
  void thousandPosts() throws Exception {
    try (NodeClient.Running subscriber =
        NodeClient.start(server.port(), "hook", CONFIG, 1001, Duration.ofSeconds(120))) {
      awaitSubscribed();
      postThousand(subscriber);
    }
  }

  private void postThousand(NodeClient.Running subscriber)
      throws Exception { // the probe itself is event number 1001
    // one curl process, 1,000 requests; after each "next" curl forgets the options before it, so
    // every request carries its own
    StringBuilder cfg = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      cfg.append("url = \"http://127.0.0.1:")
          .append(httpPort)
          .append("/hook\"\n")
          .append("request = \"POST\"\n")
          .append("header = \"Authorization: Bearer s3cret\"\n")
          .append("header = \"Content-Type: application/json\"\n")
          .append("data = \"{\\\"i\\\":")
          .append(i)
          .append("}\"\n")
          .append("output = \"/dev/null\"\n")
          .append("write-out = \"%{http_code}\\n\"\n")
          .append("silent\n");
      if (i < 999) {
        cfg.append("next\n");
      }
    }
    Path config = Files.writeString(tmp.resolve("posts.curl"), cfg.toString());
    String codes =
        Processes.run(
            Duration.ofMinutes(3),
            tmp,
            "curl",
            "--parallel",
            "--parallel-max",
            "16",
            "-K",
            config.toString());
    Map<String, Long> byCode =
        codes.lines().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(byCode).isEqualTo(Map.of("200", 1000L));

    NodeClient.Result r = subscriber.result(Duration.ofSeconds(120));
    assertThat(r.status()).isEqualTo("count");
    ObjectMapper json = new ObjectMapper();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode e : r.events()) {
      int i = json.readTree(e.get("payload").asText()).path("body").path("i").asInt();
      if (i >= 0) {
        assertThat(ids.add(i)).as("event %d arrived once", i).isTrue();
      }
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  @DisplayName(
      "a wrong method, an oversize body, a wrong token and an undeclared endpoint get 405, 413, 401 and 404")
  void wrongRequests() throws Exception {
    // the subscriber's stream declares the endpoint
    NodeClient.Running subscriber =
        NodeClient.start(server.port(), "hook", CONFIG, 0, Duration.ofSeconds(60));
    try (subscriber) {
      awaitSubscribed();
      checkRefusals();
    }
  }

  private void checkRefusals() throws Exception {
    String hook = "http://127.0.0.1:" + httpPort + "/hook";
    String auth = "Authorization: Bearer s3cret";
    assertThat(curl("-X", "PUT", "-H", auth, "-d", "{}", hook)).isEqualTo("405");
    Path big = Files.writeString(tmp.resolve("big.json"), "{\"x\":\"" + "a".repeat(10_000) + "\"}");
    assertThat(
            curl(
                "-X",
                "POST",
                "-H",
                auth,
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "@" + big,
                hook))
        .isEqualTo("413");
    assertThat(curl("-X", "POST", "-H", "Authorization: Bearer wrong", "-d", "{}", hook))
        .isEqualTo("401");
    assertThat(
            curl(
                "-X",
                "POST",
                "-H",
                auth,
                "-d",
                "{}",
                "http://127.0.0.1:" + httpPort + "/nobody-declared-this"))
        .isEqualTo("404");
  }
}
