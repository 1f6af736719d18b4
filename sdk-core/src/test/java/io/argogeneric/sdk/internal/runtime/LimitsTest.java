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
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Limits that hold over a real socket: open streams, streams per client, config size. */
class LimitsTest {

  @Test
  void streamsOverTheServerLimitAreRefusedUntilOneEnds() throws Exception {
    TestPlugin plugin = new TestPlugin();
    try (RunningServer server =
        plugin.launch("--port", "0", "--bind", "127.0.0.1", "--max-streams", "2")) {
      ManagedChannel ch = plaintext(server.port());
      try {
        var a = open(ch, "a", "count: 1", null);
        var b = open(ch, "b", "count: 1", null);
        a.await(1, Duration.ofSeconds(5));
        b.await(1, Duration.ofSeconds(5));
        assertEndedWith(
            open(ch, "c", "count: 1", null),
            Status.Code.RESOURCE_EXHAUSTED,
            "server already serves its maximum of 2 streams");
        assertThat(plugin.starts).hasValue(2);
        a.cancel();
        Waits.until(
            "a slot frees when a stream ends",
            () -> {
              var d = open(ch, "d", "count: 1", null);
              try {
                d.await(1, Duration.ofSeconds(2));
                return true;
              } catch (AssertionError | InterruptedException e) {
                return false;
              }
            });
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void streamsOverThePerClientLimitAreRefused() throws Exception {
    TestPlugin plugin = new TestPlugin();
    try (RunningServer server =
        plugin.launch(
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--max-streams",
            "10",
            "--max-streams-per-peer",
            "1")) {
      ManagedChannel first = plaintext(server.port());
      ManagedChannel second =
          plaintext(server.port()); // another connection, same address: same client
      try {
        var a = open(first, "a", "count: 1", null);
        a.await(1, Duration.ofSeconds(5));
        assertEndedWith(
            open(second, "b", "count: 1", null),
            Status.Code.RESOURCE_EXHAUSTED,
            "client 127.0.0.1 already holds its maximum of 1 streams");
        assertEndedWith(
            open(first, "c", "count: 1", null), Status.Code.RESOURCE_EXHAUSTED, "maximum of 1");
        assertThat(plugin.starts).hasValue(1);
      } finally {
        first.shutdownNow();
        second.shutdownNow();
      }
    }
  }

  @Test
  void configsOverTheSizeLimitAreRefusedOverNetty() throws Exception {
    TestPlugin plugin = new TestPlugin();
    try (RunningServer server =
        plugin.launch("--port", "0", "--bind", "127.0.0.1", "--max-config-bytes", "512")) {
      ManagedChannel ch = plaintext(server.port());
      try {
        String padding = "\n# " + "x".repeat(100);
        // just over: the config binder refuses it, naming the size
        assertEndedWith(
            open(ch, "over", "count: 1" + padding.repeat(6), null),
            Status.Code.INVALID_ARGUMENT,
            "over the limit of 512");
        // far over: gRPC itself refuses the message before it is read into memory
        assertEndedWith(
            open(ch, "far-over", "count: 1" + padding.repeat(40), null),
            Status.Code.RESOURCE_EXHAUSTED,
            "exceeds maximum size");
        assertThat(plugin.starts).hasValue(0);
        var fits = open(ch, "fits", "count: 1" + padding.repeat(4), null);
        assertThat(fits.await(1, Duration.ofSeconds(5))).hasSize(1);
        fits.cancel();
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
