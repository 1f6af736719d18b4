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
package io.argogeneric.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * gRPC's on-ready threshold over a real loopback socket, with a client that reads nothing and a
 * fixed HTTP/2 window: a position is recorded only when gRPC has written its event.
 */
class WriteThresholdTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The client's fixed HTTP/2 window: with no reads, this many bytes reach it and no more. */
  private static final int WINDOW = 64 * 1024;

  private static final int PAYLOAD = 1024;

  private final LoopbackEngine served = new LoopbackEngine();
  private ManagedChannel channel;

  /** A client of the served engine that reads nothing until asked to. */
  private EventReader idleReader() {
    String authority = served.channel.authority();
    int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .flowControlWindow(WINDOW) // fixed: no window growth while the client reads nothing
            .build();
    return EventReader.open(channel, "e", "{}", 0);
  }

  private static byte[] payload() {
    byte[] payload = new byte[PAYLOAD];
    Arrays.fill(payload, (byte) 'x');
    return payload;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    served.close();
  }

  @Test
  @DisplayName(
      "events with positions wait for gRPC's write: no position moves past the events the client's full window holds back")
  void positionsWaitForTheWrite() throws Exception {
    CapturingPlugin plugin =
        new CapturingPlugin().withSettings(StreamSettings.defaults().withMaxBufferedEvents(1000));
    served.serve(plugin, b -> {});
    EventReader reader = idleReader();
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    int n = 200;
    for (int i = 0; i < n; i++) {
      run.emitter().emit(payload(), i);
    }
    int recorded = settledPosition(run);
    // at most WINDOW / (PAYLOAD + framing) events can have been written; at gRPC's default
    // threshold the positions of the next 32 KiB it holds were recorded too (about 94)
    assertThat(recorded).isBetween(0, WINDOW / PAYLOAD - 1);
    reader.request(Integer.MAX_VALUE);
    reader.awaitReceived(n, WAIT);
    Waits.until("the last position recorded", WAIT, () -> position(run) == n - 1);
  }

  private static int position(StreamContext<?> run) {
    return run.lastPosition(Integer.class).orElse(-1);
  }

  /** The position once it has not changed for half a second: the write loop stalled. */
  private static int settledPosition(StreamContext<?> run) throws InterruptedException {
    int seen = Integer.MIN_VALUE;
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      int now = position(run);
      if (now != seen) {
        seen = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofMillis(500).toNanos()) {
        return seen;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the position kept changing");
  }
}
