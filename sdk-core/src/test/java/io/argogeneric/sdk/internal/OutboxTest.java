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

import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Status;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that outlive their streams: the outbox, takeover, expiry, and the file-backed store. */
class OutboxTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final InProcessEngine served = new InProcessEngine();

  @TempDir Path dir;

  private EventingEngine<CapturingPlugin.Config> serve(CapturingPlugin plugin, Path outboxDir)
      throws Exception {
    return served.serve(plugin, b -> b.outboxDir(outboxDir));
  }

  @AfterEach
  void tearDown() throws Exception {
    served.close();
  }

  private static boolean attached(StreamContext<?> run) {
    return ((StreamRun<?>) run).isAttached();
  }

  private double counter(String name, String tag, String value) {
    var c = served.registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  @DisplayName(
      "events emitted while no client is connected reach the next stream of the same identity first, in order")
  void deliversAfterReconnect() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(plugin, null);
    EventReader first = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    run.emitter().emitText("a");
    first.awaitReceived(1, WAIT);
    first.cancel();
    Waits.until("the run has no stream", () -> !attached(run));
    run.emitter().emitText("b");
    run.emitter().emitText("c");
    assertThat(run.isActive()).isTrue();
    assertThat(served.engine.bufferedEvents()).isEqualTo(2);
    EventReader second = EventReader.open(served.channel, "e", "{}", 100);
    second.awaitReceived(2, WAIT);
    run.emitter().emitText("d");
    second.awaitReceived(3, WAIT);
    assertThat(second.received).containsExactly("b", "c", "d");
    assertThat(plugin.starts.get()).as("one run for the identity").isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a newer stream of the same identity takes over; the older ends with ABORTED and gets nothing more")
  void takeover() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(plugin, null);
    EventReader older = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    run.emitter().emitText("1");
    older.awaitReceived(1, WAIT);
    EventReader newer = EventReader.open(served.channel, "e", "{}", 100);
    Status ended = older.awaitEnd(WAIT);
    assertThat(ended.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(ended.getDescription())
        .isEqualTo("superseded by a newer stream with the same event name and config");
    run.emitter().emitText("2");
    newer.awaitReceived(1, WAIT);
    assertThat(newer.received).containsExactly("2");
    assertThat(older.received).containsExactly("1");
    // another config is another identity: its own run, nobody superseded
    EventReader other = EventReader.open(served.channel, "e", "every: 1h", 100);
    assertThat(plugin.awaitStream()).isNotSameAs(run);
    assertThat(newer.end).isNotDone();
    assertThat(other.end).isNotDone();
  }

  @Test
  @DisplayName("a run no stream claims within maxAge stops, and its waiting events are counted")
  void unclaimedRunStops() throws Exception {
    CapturingPlugin plugin =
        new CapturingPlugin()
            .withOutbox(OutboxSettings.defaults().withMaxAge(Duration.ofMillis(200)));
    serve(plugin, null);
    EventReader client = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    client.cancel();
    Waits.until("detached", () -> !attached(run));
    assertThat(served.engine.activeStreams()).as("the run outlives its stream").isEqualTo(1);
    run.emitter().emitText("lost");
    Waits.until("the unclaimed run stopped", () -> plugin.stops.get() == 1);
    assertThat(served.engine.activeStreams()).isZero();
    // the plugin's stop runs on a worker and can come before the buffer is discarded and counted
    Waits.until(
        "its waiting event counted",
        () ->
            counter("eventsource.events.dropped", "reason", "stream_ended")
                    + counter("eventsource.events.dropped", "reason", "expired")
                >= 1);
    assertThat(
            counter("eventsource.events.dropped", "reason", "stream_ended")
                + counter("eventsource.events.dropped", "reason", "expired"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("outbox bounds hold while no client is connected, by the outbox's own policy")
  void outboxBounds() throws Exception {
    CapturingPlugin plugin =
        new CapturingPlugin().withOutbox(OutboxSettings.defaults().withMaxEvents(3));
    serve(plugin, null);
    EventReader client = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    client.cancel();
    Waits.until("detached", () -> !attached(run));
    for (int i = 0; i < 10; i++) {
      run.emitter().emitText("e" + i);
    }
    assertThat(served.engine.bufferedEvents()).isEqualTo(3);
    assertThat(counter("eventsource.events.dropped", "reason", "drop_oldest")).isEqualTo(7);
    EventReader back = EventReader.open(served.channel, "e", "{}", 100);
    back.awaitReceived(3, WAIT);
    assertThat(back.received).containsExactly("e7", "e8", "e9");
  }

  @Test
  @DisplayName(
      "with a store, events emitted while no client was connected survive the server and reach the next server's stream")
  void fileStoreSurvivesRestart() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    EventingEngine<CapturingPlugin.Config> first = serve(plugin, dir);
    EventReader client = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    run.emitter().emitText("seen");
    client.awaitReceived(1, WAIT);
    client.cancel();
    Waits.until("detached", () -> !attached(run));
    run.emitter().emitText("x1");
    run.emitter().emitText("x2");
    first.shutdown(Duration.ofMillis(50)); // the server goes away with two undelivered events

    CapturingPlugin restarted = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(restarted, dir);
    EventReader again = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> newRun = restarted.awaitStream();
    newRun.emitter().emitText("x3");
    again.awaitReceived(3, WAIT);
    assertThat(again.received).containsExactly("x1", "x2", "x3");
  }

  @Test
  @DisplayName("the file store ignores a torn last record and replays only what was not delivered")
  void tornRecord() throws Exception {
    Path d = dir.resolve("s");
    try (FileOutboxStore store = new FileOutboxStore(d)) {
      store.append(0, 1, new byte[] {1});
      store.append(1, 2, new byte[] {2, 2});
      store.append(2, 3, new byte[] {3, 3, 3});
      store.delivered(0);
    }
    try (RandomAccessFile f = new RandomAccessFile(d.resolve("events.log").toFile(), "rw")) {
      f.setLength(f.length() - 2); // a crash in the middle of the last write
    }
    try (FileOutboxStore store = new FileOutboxStore(d)) {
      List<OutboxLog.Stored> left = store.undelivered();
      assertThat(left).extracting(OutboxLog.Stored::seq).containsExactly(1L);
      assertThat(left.get(0).event()).containsExactly(2, 2);
    }
    assertThat(Files.readString(d.resolve("delivered"))).isEqualTo("0");
  }
}
