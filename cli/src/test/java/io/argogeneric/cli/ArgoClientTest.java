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

import static io.argogeneric.cli.TestEventingServer.sendThenEnd;
import static io.argogeneric.cli.TestEventingServer.sendThenHold;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client run in-process against a real grpc-java server on a loopback port. */
class ArgoClientTest {

  @TempDir Path tempDir;

  /**
   * Loads grpc and netty once, so the tests with a --duration measure streams, not class loading.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    try (TestEventingServer server = TestEventingServer.start(sendThenHold("warm"))) {
      assertThat(
              ClientRun.finish(
                      "--url", server.url(), "--name", "e", "--config", "c", "--count", "1")
                  .exitCode())
          .isZero();
    }
  }

  @Test
  void jsonBodyEventsAreWrappedAsArgoDispatchesThem() throws Exception {
    try (TestEventingServer server =
        TestEventingServer.start(
            sendThenHold("{\"id\": 1,\n \"msg\": \"a<b\"}", " [1, 2.50e3, null] "))) {
      ClientRun run =
          ClientRun.finish(
              "--url",
              server.url(),
              "--name",
              "example",
              "--config",
              "key1: value1",
              "--json-body",
              "--metadata",
              "team=a",
              "--metadata",
              "source=cli",
              "--count",
              "2");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stdout())
          .isEqualTo(
              "{\"body\":{\"id\":1,\"msg\":\"a\\u003cb\"},\"metadata\":{\"source\":\"cli\",\"team\":\"a\"}}\n"
                  + "{\"body\":[1,2.50e3,null],\"metadata\":{\"source\":\"cli\",\"team\":\"a\"}}\n");
      assertThat(server.calls())
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.name()).isEqualTo("example");
                assertThat(call.config()).isEqualTo("key1: value1");
                assertThat(call.authorization()).isNull();
              });
    }
  }

  @Test
  void bytesEventsAreBase64AndMetadataIsOmittedWhenEmpty() throws Exception {
    try (TestEventingServer server =
        TestEventingServer.start(sendThenHold("hello", "{\"not\":\"parsed\"}"))) {
      ClientRun plain =
          ClientRun.finish("--url", server.url(), "--name", "e", "--config", "c", "--count", "2");
      ClientRun withMetadata =
          ClientRun.finish(
              "--url",
              server.url(),
              "--name",
              "e",
              "--config",
              "c",
              "--metadata",
              "k=v=w",
              "--count",
              "1");

      assertThat(plain.exitCode()).isZero();
      assertThat(plain.stdout())
          .isEqualTo("{\"body\":\"aGVsbG8=\"}\n{\"body\":\"eyJub3QiOiJwYXJzZWQifQ==\"}\n");
      assertThat(withMetadata.exitCode()).isZero();
      assertThat(withMetadata.stdout())
          .isEqualTo("{\"body\":\"aGVsbG8=\",\"metadata\":{\"k\":\"v=w\"}}\n");
    }
  }

  @Test
  void anEventThatIsNotJsonIsDroppedWithArgosErrorAndTheStreamGoesOn() throws Exception {
    try (TestEventingServer server =
        TestEventingServer.start(sendThenHold("not json", "{\"ok\":true}"))) {
      ClientRun run =
          ClientRun.finish(
              "--url", server.url(), "--name", "e", "--config", "c", "--json-body", "--count", "1");

      assertThat(run.exitCode()).isZero();
      assertThat(run.stdout()).isEqualTo("{\"body\":{\"ok\":true}}\n");
      assertThat(run.stderr())
          .contains(
              "failed to marshal the event data, json: error calling MarshalJSON"
                  + " for type *json.RawMessage: invalid character 'o' in literal null (expecting 'u')");
      assertThat(server.calls()).hasSize(1);
    }
  }

  @Test
  void theTokenArrivesAsABearerHeaderFromTheFlagOrTheFile() throws Exception {
    Path tokenFile = Files.writeString(tempDir.resolve("token"), "from-file\n");
    Path configFile =
        Files.write(
            tempDir.resolve("config.yaml"), "a: 1\nb: [x]\n".getBytes(StandardCharsets.UTF_8));
    try (TestEventingServer server = TestEventingServer.start(sendThenHold("1"))) {
      assertThat(
              ClientRun.finish(
                      "--url",
                      server.url(),
                      "--name",
                      "e",
                      "--config",
                      "c",
                      "--token",
                      "s3cret",
                      "--count",
                      "1")
                  .exitCode())
          .isZero();
      assertThat(
              ClientRun.finish(
                      "--url",
                      server.url(),
                      "--name",
                      "e",
                      "--config-file",
                      configFile.toString(),
                      "--token-file",
                      tokenFile.toString(),
                      "--count",
                      "1")
                  .exitCode())
          .isZero();

      assertThat(server.calls())
          .extracting(TestEventingServer.Call::authorization)
          .containsExactly("Bearer s3cret", "Bearer from-file");
      assertThat(server.calls().get(1).config()).isEqualTo("a: 1\nb: [x]\n");
    }
  }

  @Test
  void countStopsAfterNEventsExitsZeroAndHangsUp() throws Exception {
    try (TestEventingServer server =
        TestEventingServer.start(sendThenHold("1", "2", "3", "4", "5"))) {
      ClientRun run =
          ClientRun.finish("--url", server.url(), "--name", "e", "--config", "c", "--count", "3");

      assertThat(run.exitCode()).isZero();
      assertThat(run.lines())
          .containsExactly("{\"body\":\"MQ==\"}", "{\"body\":\"Mg==\"}", "{\"body\":\"Mw==\"}");
      ClientRun.eventually(
          "the server to see the client cancel",
          () -> server.calls().get(0).stream().isCancelled());
    }
  }

  @Test
  void countNotReachedWithinDurationExitsOne() throws Exception {
    try (TestEventingServer server = TestEventingServer.start(sendThenHold("1"))) {
      ClientRun run =
          ClientRun.start(
              "--url",
              server.url(),
              "--name",
              "e",
              "--config",
              "c",
              "--count",
              "3",
              "--duration",
              "1500ms");
      run.await("the one event", () -> run.lines().size() == 1);

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.lines()).hasSize(1);
      assertThat(run.stderr())
          .contains("received 1 of 3 events within 1.5s"); // the duration as Go prints it
    }
  }

  @Test
  void durationAloneEndsTheRunWithExitZero() throws Exception {
    try (TestEventingServer server = TestEventingServer.start(sendThenHold("1", "2"))) {
      ClientRun run =
          ClientRun.start(
              "--url", server.url(), "--name", "e", "--config", "c", "--duration", "1500ms");
      run.await("both events", () -> run.lines().size() == 2);

      assertThat(run.exitCode()).isZero();
      assertThat(run.lines()).hasSize(2);
    }
  }

  @Test
  void theFirstDialIsImmediateNotAfterTheRetryInterval() throws Exception {
    try (TestEventingServer server = TestEventingServer.start(sendThenHold("1"))) {
      // With a 1 minute retry, only an immediate first dial can get the event within the 5 s
      // duration.
      ClientRun run =
          ClientRun.finish(
              "--url",
              server.url(),
              "--name",
              "e",
              "--config",
              "c",
              "--retry",
              "1m",
              "--count",
              "1",
              "--duration",
              "5s");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
    }
  }

  @Test
  void reconnectsAtTheFixedIntervalAfterTheServerEndsTheStreamWithAnError() throws Exception {
    try (TestEventingServer server =
        TestEventingServer.start(
            sendThenEnd(Status.UNAVAILABLE.withDescription("going away"), "event"))) {
      ClientRun run =
          ClientRun.finish(
              "--url",
              server.url(),
              "--name",
              "e",
              "--config",
              "c",
              "--retry",
              "200ms",
              "--count",
              "3");

      assertThat(run.exitCode()).isZero();
      assertThat(run.lines()).hasSize(3);
      List<TestEventingServer.Call> calls = server.calls();
      assertThat(calls).hasSize(3);
      for (int i = 1; i < calls.size(); i++) {
        assertThat(calls.get(i).startNanos() - calls.get(i - 1).startNanos())
            .as("gap before connection %d", i + 1)
            .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
      }
      assertThat(run.stderr())
          .contains("stream ended with status UNAVAILABLE: going away; reconnecting in 200ms");
    }
  }

  @Test
  void aStreamTheServerCompletesWithOkIsReconnectedToo() throws Exception {
    try (TestEventingServer server = TestEventingServer.start(sendThenEnd(Status.OK, "event"))) {
      ClientRun run =
          ClientRun.finish(
              "--url",
              server.url(),
              "--name",
              "e",
              "--config",
              "c",
              "--retry",
              "100ms",
              "--count",
              "2");

      assertThat(run.exitCode()).isZero();
      assertThat(server.calls()).hasSize(2);
      assertThat(run.stderr()).contains("stream ended with status OK");
    }
  }

  @Test
  void reconnectsWhenTheServerIsStoppedAndRestartedOnTheSamePort() throws Exception {
    TestEventingServer first = TestEventingServer.start(sendThenHold("before-1", "before-2"));
    int port = first.port();
    ClientRun run =
        ClientRun.start(
            "--url",
            "127.0.0.1:" + port,
            "--name",
            "e",
            "--config",
            "c",
            "--retry",
            "100ms",
            "--count",
            "4");
    try {
      run.await("two events from the first server", () -> run.lines().size() == 2);
      first.close();
      run.await(
          "a failed redial while the server is down",
          () -> run.stderr().contains("Connection refused"));
      try (TestEventingServer second =
          TestEventingServer.start(port, sendThenHold("after-1", "after-2"))) {
        assertThat(run.exitCode()).isZero();
        assertThat(second.calls()).hasSize(1);
      }
    } finally {
      first.close();
    }
    assertThat(first.calls()).hasSize(1);
    assertThat(run.lines())
        .containsExactly(
            "{\"body\":\"YmVmb3JlLTE=\"}",
            "{\"body\":\"YmVmb3JlLTI=\"}",
            "{\"body\":\"YWZ0ZXItMQ==\"}",
            "{\"body\":\"YWZ0ZXItMg==\"}");
  }
}
