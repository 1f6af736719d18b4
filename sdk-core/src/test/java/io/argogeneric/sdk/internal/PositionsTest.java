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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Positions over a real loopback socket: recorded once gRPC has written an event (or an outbox
 * stores it), never for events dropped or still buffered, and read back by the identity's next run.
 */
class PositionsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Events of 64 KiB: about 1 MiB of them fill the client's HTTP/2 window when it reads none. */
  private static final int PADDING = 64 * 1024;

  private static final StreamSettings ROOMY =
      StreamSettings.defaults()
          .withMaxBufferedEvents(1000)
          .withMaxBufferedBytes(32L * 1024 * 1024)
          .withOverflowPolicy(OverflowPolicy.BLOCK);

  private final LoopbackEngine served = new LoopbackEngine();

  @TempDir Path dir;

  /** A position as a plugin would keep one: a cursor and when it was read. */
  record Cursor(long offset, Instant at) {}

  @AfterEach
  void tearDown() throws Exception {
    served.close();
  }

  private static byte[] big(int i) {
    return (i + " " + "x".repeat(PADDING)).getBytes(StandardCharsets.UTF_8);
  }

  private static int number(String payload) {
    return Integer.parseInt(payload.substring(0, payload.indexOf(' ')));
  }

  private static int last(StreamContext<?> run) {
    return run.lastPosition(Integer.class).orElse(-1);
  }

  /**
   * Waits until neither the recorded position nor the buffer has changed for half a second: the
   * write loop stalled on the client's full window. Returns {recorded, buffered}.
   */
  private int[] settled(StreamContext<?> run) throws InterruptedException {
    int[] seen = {Integer.MIN_VALUE, -1};
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      int[] now = {last(run), (int) served.engine.bufferedEvents()};
      if (now[0] != seen[0] || now[1] != seen[1]) {
        seen = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofMillis(500).toNanos()) {
        return seen;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the stream never settled: position and buffer kept changing");
  }

  @Test
  @DisplayName(
      "a position is recorded once gRPC has written its event: events gRPC holds for a client that reads nothing, or still buffered, do not move it")
  void recordedWhenWritten() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withSettings(ROOMY);
    served.serve(plugin, b -> {});
    EventReader reader = EventReader.open(served.channel, "e", "{}", 0); // reads nothing yet
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    assertThat(run.lastPosition(Integer.class)).isEmpty();
    int n = 100;
    for (int i = 0; i < n; i++) {
      assertThat(run.emitter().emit(big(i), i)).isEqualTo(EmitResult.ACCEPTED);
    }
    // the socket and the client's window hold some; gRPC holds the one that did not fit; the rest
    // waits in the buffer
    int[] state = settled(run);
    int recorded = state[0];
    int heldByGrpc = n - state[1] - (recorded + 1);
    System.out.printf(
        "positions: %d of %d events of 64 KiB written while the client read none, %d held by gRPC,"
            + " %d buffered%n",
        recorded + 1, n, heldByGrpc, state[1]);
    assertThat(state[1]).as("events still buffered").isPositive();
    assertThat(heldByGrpc)
        .as("an event gRPC took but could not write (the client's window is full) is not recorded")
        .isPositive();

    reader.request(n);
    reader.awaitReceived(n, WAIT);
    Waits.until("the last position recorded", WAIT, () -> last(run) == n - 1);
    assertThat(reader.received.stream().map(PositionsTest::number).toList())
        .as("every event arrived, in order")
        .isEqualTo(java.util.stream.IntStream.range(0, n).boxed().toList());
  }

  @Test
  @DisplayName(
      "events the overflow policy drops do not move the position: it is that of the last event delivered")
  void droppedEventsDoNotMoveIt() throws Exception {
    CapturingPlugin plugin =
        new CapturingPlugin()
            .withSettings(
                ROOMY.withMaxBufferedEvents(3).withOverflowPolicy(OverflowPolicy.DROP_NEWEST));
    served.serve(plugin, b -> {});
    EventReader reader = EventReader.open(served.channel, "e", "{}", 0);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    int lastAccepted = -1;
    // 200 events of 64 KiB (12.5 MiB): far more than the socket, the window and 3 buffered events
    // hold; the writer frees a slot now and then, so emitting goes on until an event is dropped,
    // and that newest event must not move the position
    int n = 0;
    boolean lastDropped = false;
    while (n < 200 || (!lastDropped && n < 1000)) {
      int i = n++;
      lastDropped = run.emitter().emit(big(i), i) != EmitResult.ACCEPTED;
      if (!lastDropped) {
        lastAccepted = i;
      }
    }
    assertThat(lastAccepted).as("the newest event was dropped").isLessThan(n - 1);
    reader.request(n);
    int accepted = lastAccepted;
    Waits.until(
        "the last accepted event arrived",
        WAIT,
        () ->
            !reader.received.isEmpty()
                && number(reader.received.get(reader.received.size() - 1)) == accepted);
    Waits.until("its position recorded", WAIT, () -> last(run) == accepted);
    assertThat(last(run)).isEqualTo(accepted);
  }

  @Test
  @DisplayName(
      "after a client break the next stream of the identity reads the last position recorded, not that of discarded events")
  void reconnectReadsTheLastPositionInMemory() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withSettings(ROOMY);
    served.serve(plugin, b -> {});
    EventReader first = EventReader.open(served.channel, "e", "every: 1h", 0);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    int n = 60;
    for (int i = 0; i < n; i++) {
      run.emitter().emit(big(i), i);
    }
    assertThat(settled(run)[1]).as("the buffer holds what gRPC did not take").isPositive();
    first.cancel(); // the buffered events are discarded
    Waits.until("the run ended", WAIT, () -> served.engine.activeStreams() == 0);
    // the socket may have taken a few more before the cancel: the run's last word counts
    int recorded = last(run);
    assertThat(recorded).as("discarded events did not move it").isLessThan(n - 1);

    EventReader second = EventReader.open(served.channel, "e", "every: 1h");
    StreamContext<CapturingPlugin.Config> next = plugin.awaitStream();
    assertThat(next.lastPosition(Integer.class)).contains(recorded);
    // another config is another identity
    EventReader other = EventReader.open(served.channel, "e", "every: 2h");
    assertThat(plugin.awaitStream().lastPosition(Integer.class)).isEmpty();
    next.emitter().emitText("z", 1000);
    second.awaitReceived(1, WAIT);
    Waits.until("recorded", WAIT, () -> last(next) == 1000);
    other.cancel();
  }

  @Test
  @DisplayName(
      "with the file store, a restarted engine gives the identity's run the last position, java.time as ISO strings")
  void fileStoreSurvivesARestart() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin();
    EventingEngine<CapturingPlugin.Config> first = served.serve(plugin, b -> b.outboxDir(dir));
    EventReader reader = EventReader.open(served.channel, "e", "{}");
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    Instant at = Instant.parse("2026-01-02T03:04:05.123Z");
    for (int i = 1; i <= 50; i++) {
      run.emitter().emitText("e" + i, new Cursor(i, at.plusSeconds(i)));
    }
    reader.awaitReceived(50, WAIT);
    Waits.until(
        "recorded",
        WAIT,
        () -> run.lastPosition(Cursor.class).map(Cursor::offset).orElse(0L) == 50);
    first.shutdown(Duration.ofSeconds(1));
    assertThat(
            java.nio.file.Files.readString(
                dir.resolve(
                        FileOutboxStore.directoryName(
                            "e", EventingEngine.configHash("{}".getBytes(StandardCharsets.UTF_8))))
                    .resolve("position")))
        .isEqualTo("j{\"offset\":50,\"at\":\"2026-01-02T03:04:55.123Z\"}");

    CapturingPlugin restarted = new CapturingPlugin();
    served.serve(restarted, b -> b.outboxDir(dir));
    EventReader.open(served.channel, "e", "{}");
    assertThat(restarted.awaitStream().lastPosition(Cursor.class))
        .contains(new Cursor(50, at.plusSeconds(50)));

    // the memory store forgets with the process
    CapturingPlugin inMemory = new CapturingPlugin();
    served.serve(inMemory, b -> {});
    EventReader.open(served.channel, "e", "{}");
    assertThat(inMemory.awaitStream().lastPosition(Cursor.class)).isEmpty();
  }

  @Test
  @DisplayName(
      "with an outbox the position moves when the event is stored, delivered or not, and survives a restart with its events")
  void outboxRecordsOnStore() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    EventingEngine<CapturingPlugin.Config> first = served.serve(plugin, b -> b.outboxDir(dir));
    EventReader client = EventReader.open(served.channel, "e", "{}");
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    client.cancel();
    Waits.until("detached", WAIT, () -> !((StreamRun<?>) run).isAttached());
    run.emitter().emitText("a", 1);
    run.emitter().emitText("b", 2);
    run.emitter().emitText("c");
    assertThat(run.lastPosition(Integer.class))
        .as("stored, not delivered: no client is connected")
        .contains(2);
    first.shutdown(Duration.ofMillis(100));

    CapturingPlugin restarted = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    served.serve(restarted, b -> b.outboxDir(dir));
    EventReader again = EventReader.open(served.channel, "e", "{}");
    StreamContext<CapturingPlugin.Config> next = restarted.awaitStream();
    assertThat(next.lastPosition(Integer.class)).contains(2);
    again.awaitReceived(3, WAIT);
    assertThat(again.received).containsExactly("a", "b", "c");
  }

  @Test
  @DisplayName(
      "a position Jackson cannot write is refused with IllegalArgumentException and nothing is emitted; one that cannot be read as the asked type too")
  void badPositions() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin();
    served.serve(plugin, b -> {});
    EventReader reader = EventReader.open(served.channel, "e", "{}");
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    assertThatThrownBy(() -> run.emitter().emitText("never", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot write position java.lang.Object as JSON");
    run.emitter().emitText("first", new Cursor(7, null));
    reader.awaitReceived(1, WAIT);
    assertThat(reader.received).containsExactly("first");
    Waits.until("recorded", WAIT, () -> run.lastPosition(Cursor.class).isPresent());
    assertThatThrownBy(() -> run.lastPosition(Integer.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be read as java.lang.Integer");

    byte[] raw = {0, 1, 2, (byte) 255};
    run.emitter().emitText("second", raw);
    reader.awaitReceived(2, WAIT);
    // recorded once gRPC reports the write, which can come after the client read it: until then
    // the position is still the Cursor, which does not read as bytes
    Waits.until(
        "raw recorded",
        WAIT,
        () -> {
          try {
            return run.lastPosition(byte[].class).map(b -> b.length == 4).orElse(false);
          } catch (IllegalArgumentException stillTheCursor) {
            return false;
          }
        });
    assertThat(run.lastPosition(byte[].class)).get().isEqualTo(raw);
    assertThatThrownBy(() -> run.lastPosition(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  @DisplayName(
      "the memory store keeps the positions of at most N identities whose streams ended, the least recently used forgotten")
  void memoryStoreIsBounded() throws Exception {
    MemoryStateStore store = new MemoryStateStore(2);
    CapturingPlugin plugin = new CapturingPlugin();
    served.serve(plugin, b -> b.store(store));
    for (String config : new String[] {"every: 1h", "every: 2h", "every: 3h"}) {
      EventReader r = EventReader.open(served.channel, "e", config);
      StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
      run.emitter().emitText(config, config);
      r.awaitReceived(1, WAIT);
      // a position is recorded once gRPC reports the write, which can come after the client has
      // the event: a cancel before that would leave it unrecorded (at least once, by design)
      Waits.until(
          "the position recorded",
          WAIT,
          () -> run.lastPosition(String.class).filter(config::equals).isPresent());
      r.cancel();
      Waits.until("ended", WAIT, () -> served.engine.activeStreams() == 0);
    }
    Waits.until("all three closed", WAIT, () -> served.engine.positions().openIdentities() == 0);
    assertThat(store.endedIdentities()).isEqualTo(2);
    // reading one back opens it again, which makes it the most recently used
    assertThat(positionOf("every: 3h")).contains("every: 3h");
    assertThat(positionOf("every: 2h")).contains("every: 2h");
    assertThat(positionOf("every: 1h"))
        .as("the least recently used identity was forgotten")
        .isEmpty();
    assertThat(store.endedIdentities()).isEqualTo(2);
    assertThat(positionOf("every: 3h")).as("pushed out by the one just read").isEmpty();
  }

  private Optional<String> positionOf(String config) throws Exception {
    CapturingPlugin plugin = (CapturingPlugin) served.engine.plugin();
    EventReader r = EventReader.open(served.channel, "e", config);
    Optional<String> p = plugin.awaitStream().lastPosition(String.class);
    r.cancel();
    Waits.until("ended", WAIT, () -> served.engine.activeStreams() == 0);
    return p;
  }
}
