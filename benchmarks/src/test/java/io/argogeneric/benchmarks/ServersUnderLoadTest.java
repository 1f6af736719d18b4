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
package io.argogeneric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.RunningServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load client's own code path against the SDK firehose and the baseline, each on a real
 * loopback socket, at tiny sizes: what run-comparison.sh does, so neither side can rot. No timing
 * assertions: counts only.
 */
class ServersUnderLoadTest {

  /** Any of the servers, started in this JVM on a free loopback port. */
  private static AutoCloseable start(String which, int[] port, String... extraSdkFlags)
      throws Exception {
    if (which.startsWith("sdk")) {
      List<String> flags = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1"));
      if (which.equals("sdk-push")) {
        flags.addAll(List.of("--emit", "push"));
      }
      flags.addAll(List.of(extraSdkFlags));
      RunningServer server = new FirehoseEventSource().launch(flags.toArray(String[]::new));
      port[0] = server.port();
      return server;
    }
    BaselineServer server = BaselineServer.start("127.0.0.1", 0, which.equals("handoff"));
    port[0] = server.port();
    return server;
  }

  private static LoadClient.Summary load(int port, String... flags) throws InterruptedException {
    String[] all = new String[flags.length + 2];
    all[0] = "--port=" + port;
    all[1] = "--host=127.0.0.1";
    System.arraycopy(flags, 0, all, 2, flags.length);
    return LoadClient.run(LoadClient.Options.parse(all));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sdk", "sdk-push", "baseline", "handoff"})
  void flatOutStreamsDeliverEveryEventInOrder(String which) throws Exception {
    int[] port = new int[1];
    AutoCloseable server = start(which, port);
    try {
      LoadClient.Summary s =
          load(
              port[0],
              "--streams",
              "2",
              "--duration",
              "1",
              "--warmup",
              "0.2",
              "--payload-size",
              "32");
      assertThat(s.failedStreams()).isZero();
      assertThat(s.lost()).isZero();
      assertThat(s.events()).isPositive();
      assertThat(s.bytes()).isEqualTo(s.events() * 32);
      assertThat(s.p50Micros())
          .isLessThanOrEqualTo(s.p99Micros())
          .isLessThanOrEqualTo(s.maxMicros());
      assertThat(s.line())
          .startsWith("streams=2 payload=32 rate=0 ")
          .contains(" lost=0 ")
          .doesNotContain("server_cpu_s");
    } finally {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sdk", "baseline"})
  void pacedStreamsEmitExactlyTheirCount(String which) throws Exception {
    int[] port = new int[1];
    AutoCloseable server = start(which, port);
    try {
      // 25 events per stream at 500/s; the client stops each stream at 25 measured events
      LoadClient.Summary s =
          load(port[0], "--streams", "2", "--rate", "500", "--count", "25", "--duration", "20");
      assertThat(s.failedStreams()).isZero();
      assertThat(s.events()).isEqualTo(50);
      assertThat(s.lost()).isZero();
    } finally {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sdk", "sdk-push", "baseline"})
  void flatOutStreamsStopAtTheirCount(String which) throws Exception {
    int[] port = new int[1];
    AutoCloseable server = start(which, port);
    try {
      LoadClient.Summary s =
          load(port[0], "--streams", "2", "--count", "300", "--warmup", "0", "--duration", "20");
      assertThat(s.failedStreams()).isZero();
      assertThat(s.events()).isEqualTo(600);
      assertThat(s.lost()).isZero();
    } finally {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sdk", "baseline"})
  void idleStreamsAreSetUpAndHeld(String which) throws Exception {
    int[] port = new int[1];
    AutoCloseable server = start(which, port);
    try {
      // a paced stream emits its first event at once, then (at this rate) nothing for 1,000 s
      LoadClient.Summary s =
          load(
              port[0],
              "--idle",
              "--streams",
              "20",
              "--channels",
              "2",
              "--rate",
              "0.001",
              "--duration",
              "0.3");
      assertThat(s.failedStreams()).isZero();
      assertThat(s.events()).isEqualTo(20);
      assertThat(s.setupSeconds()).isPositive();
      assertThat(s.line()).contains(" setup_per_s=");
    } finally {
      server.close();
    }
  }

  @Test
  void refusedStreamsAreCountedAsFailed() throws Exception {
    int[] port = new int[1];
    AutoCloseable server = start("sdk", port, "--max-streams-per-peer", "1");
    try {
      LoadClient.Summary s = load(port[0], "--streams", "2", "--duration", "0.5", "--rate", "100");
      assertThat(s.failedStreams()).isEqualTo(1);
      assertThat(s.events()).isPositive(); // the other stream was served
    } finally {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sdk", "baseline", "handoff"})
  void aPayloadTooSmallForTheHeaderIsRefusedNamingTheKey(String which) throws Exception {
    assertRefused(which, "payloadSize: 8\n", "payloadSize");
  }

  @Test
  void theHandOffBaselineRefusesAPacedStream() throws Exception {
    assertRefused("handoff", "payloadSize: 100\nrate: 10\n", "flat out only");
  }

  private static void assertRefused(String which, String config, String inDescription)
      throws Exception {
    int[] port = new int[1];
    AutoCloseable server = start(which, port);
    try {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", port[0]).usePlaintext().build();
      try {
        EventSource request =
            EventSource.newBuilder()
                .setName("x")
                .setConfig(ByteString.copyFromUtf8(config))
                .build();
        assertThatThrownBy(
                () -> EventingGrpc.newBlockingStub(channel).startEventSource(request).hasNext())
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                  assertThat(e.getStatus().getDescription()).contains(inDescription);
                });
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      server.close();
    }
  }
}
