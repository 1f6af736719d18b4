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
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On-demand sources over a real loopback socket: gRPC may hold events up to its default on-ready
 * threshold, as for a hand-written server, since such events carry no position to record.
 */
class OnDemandLoopbackTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The client's fixed HTTP/2 window: with no reads, this many bytes reach it and no more. */
  private static final int WINDOW = 64 * 1024;

  private static final int PAYLOAD = 1024;

  private final LoopbackEngine served = new LoopbackEngine();
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    served.close();
  }

  @Test
  @DisplayName(
      "an on-demand source fills gRPC's buffer up to its default threshold, not one event per write")
  void fillsGrpcBuffer() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin();
    served.serve(plugin, b -> {});
    String authority = served.channel.authority();
    int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .flowControlWindow(WINDOW) // fixed: no window growth while the client reads nothing
            .build();
    EventReader reader = EventReader.open(channel, "e", "{}", 0); // reads nothing
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    AtomicInteger made = new AtomicInteger();
    byte[] payload = new byte[PAYLOAD];
    Arrays.fill(payload, (byte) 'x');
    run.emitter()
        .emitOnDemand(
            () -> {
              made.incrementAndGet();
              return payload.clone();
            });
    // the window takes about 63 events; gRPC's default threshold lets it hold 32 KiB more. With a
    // threshold of one byte the source was asked again only once gRPC had written everything, so
    // a single event waited behind the full window.
    int windowEvents = WINDOW / PAYLOAD;
    Waits.until(
        "the source made events for gRPC's buffer beyond the client's window",
        WAIT,
        () -> made.get() >= windowEvents + 16);
    reader.request(Integer.MAX_VALUE);
    reader.awaitReceived(windowEvents + 16, WAIT);
    assertThat(reader.received).hasSizeGreaterThanOrEqualTo(windowEvents + 16);
  }
}
