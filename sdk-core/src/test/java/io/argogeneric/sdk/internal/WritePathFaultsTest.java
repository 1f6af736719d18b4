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
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: the server-wide buffer budget, outbox store failures and the locks around outboxes. */
class WritePathFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final InProcessEngine served = new InProcessEngine();

  @TempDir Path dir;

  private EventingEngine<CapturingPlugin.Config> serve(
      CapturingPlugin plugin, Consumer<EventingEngine.Builder<CapturingPlugin.Config>> options)
      throws Exception {
    return served.serve(plugin, options);
  }

  @AfterEach
  void tearDown() throws Exception {
    served.close();
  }

  private double counter(String name, String tag, String value) {
    var c = served.registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  private static boolean attached(StreamContext<?> run) {
    return ((StreamRun<?>) run).isAttached();
  }

  private Path storeDir(String name) {
    return dir.resolve(
        FileOutboxStore.directoryName(
            name, EventingEngine.configHash("{}".getBytes(StandardCharsets.UTF_8))));
  }

  // ---- item 2: a budget for all streams together ----

  @Test
  @DisplayName(
      "many non-reading streams spend the server-wide budget; a reading stream still gets every event")
  void budgetBoundsAllStreamsAndAReaderKeepsUp() throws Exception {
    long budget = 256 * 1024;
    // each stream alone may hold 4 MiB: 40 non-readers could hold 160 MiB without the budget
    CapturingPlugin plugin =
        new CapturingPlugin()
            .withSettings(
                StreamSettings.defaults()
                    .withMaxBufferedBytes(4L * 1024 * 1024)
                    .withMaxBufferedEvents(100_000)
                    .withOverflowPolicy(OverflowPolicy.DROP_NEWEST));
    serve(plugin, b -> b.maxBufferedBytesTotal(budget));
    byte[] payload = new byte[1024];
    int streams = 40;
    for (int i = 0; i < streams; i++) {
      EventReader.open(served.channel, "idle" + i, "{}", 0);
      StreamContext<CapturingPlugin.Config> s = plugin.awaitStream();
      int accepted = 0;
      while (s.emitter().emit(payload) == EmitResult.ACCEPTED && accepted < 10_000) {
        accepted++;
      }
      assertThat(accepted)
          .as("stream %d stops at the budget, not at its own 4 MiB", i)
          .isLessThan(10_000);
    }
    long eventBytes = 1024 + 16; // payload plus the name and framing, at most
    assertThat(served.engine.bufferedBytes())
        .as("bytes buffered by all streams")
        .isLessThanOrEqualTo(budget + streams * eventBytes);
    assertThat(counter("eventsource.events.dropped", "reason", "drop_newest")).isPositive();

    EventReader reader = EventReader.open(served.channel, "reader", "{}", 1_000_000);
    StreamContext<CapturingPlugin.Config> r = plugin.awaitStream();
    for (int i = 0; i < 2000; i++) {
      assertThat(r.emitter().emitText("r" + i))
          .as("event %d to the reading stream", i)
          .isEqualTo(EmitResult.ACCEPTED);
    }
    reader.awaitReceived(2000, WAIT);
    assertThat(reader.received.get(1999)).isEqualTo("r1999");
  }

  @Test
  @DisplayName(
      "FAIL over the server-wide budget ends the stream with RESOURCE_EXHAUSTED naming the budget")
  void budgetWithFailPolicy() throws Exception {
    CapturingPlugin plugin =
        new CapturingPlugin()
            .withSettings(StreamSettings.defaults().withOverflowPolicy(OverflowPolicy.FAIL));
    serve(plugin, b -> b.maxBufferedBytesTotal(4096));
    EventReader client = EventReader.open(served.channel, "e", "{}", 0);
    StreamContext<CapturingPlugin.Config> s = plugin.awaitStream();
    byte[] payload = new byte[1000];
    for (int i = 0; i < 10 && s.isActive(); i++) {
      s.emitter().emit(payload);
    }
    Status end = client.awaitEnd(WAIT);
    assertThat(end.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(end.getDescription()).contains("buffer budget for all streams (4096 bytes)");
  }

  // ---- item 9: the outbox store fails ----

  @Test
  @DisplayName(
      "a store that throws in the write loop ends the stream with UNAVAILABLE; emits then throw; the next stream delivers")
  void storeFailureInTheWriteLoopEndsTheStream() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(
        plugin,
        b ->
            b.store(
                TestStores.file(
                    dir, name -> {}, log -> new FailingStore(log, new AtomicBoolean(), failing))));
    EventReader client = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    run.emitter()
        .emitText("a"); // written to gRPC, then the store throws while marking it delivered
    Status end = client.awaitEnd(WAIT);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription())
        .isEqualTo("outbox store failed: IOException: Read-only file system");
    assertThat(client.received).containsExactly("a");
    assertThatThrownBy(() -> run.emitter().emitText("b"))
        .isInstanceOf(StreamClosedException.class)
        .hasMessageContaining("outbox store failed");
    assertThat(counter("eventsource.write.failures", "cause", "outbox_store")).isEqualTo(1);
    Waits.until("the run ended", () -> served.engine.activeStreams() == 0);

    // the store works again: the identity's next stream is a new run that delivers
    failing.set(false);
    EventReader next = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> nextRun = plugin.awaitStream();
    nextRun.emitter().emitText("c");
    next.awaitReceived(1, WAIT);
    assertThat(next.received).endsWith("c");
    assertThat(next.end).isNotDone();
  }

  @Test
  @DisplayName(
      "a delivery mark the disk cannot take does not stop delivery: a crash would re-send, never lose")
  void unwritableDeliveryMarkKeepsDelivering() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(plugin, b -> b.outboxDir(dir));
    // the store writes its mark to delivered.tmp and renames it: a folder in its place fails that
    // write
    Files.createDirectories(storeDir("e").resolve("delivered.tmp"));
    EventReader client = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    for (int i = 0; i < 100; i++) {
      run.emitter().emitText("e" + i);
    }
    client.awaitReceived(100, WAIT);
    assertThat(client.end).isNotDone();
    assertThat(run.isActive()).isTrue();
  }

  @Test
  @DisplayName(
      "an event the store cannot write is refused by a StreamClosedException, and the stream ends with UNAVAILABLE")
  void appendFailureRefusesTheEvent() throws Exception {
    AtomicBoolean diskFull = new AtomicBoolean();
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(
        plugin,
        b ->
            b.store(
                TestStores.file(
                    dir, name -> {}, log -> new FailingStore(log, diskFull, new AtomicBoolean()))));
    EventReader client = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    assertThat(run.emitter().emitText("stored")).isEqualTo(EmitResult.ACCEPTED);
    client.awaitReceived(1, WAIT);
    diskFull.set(true);
    assertThatThrownBy(() -> run.emitter().emitText("lost"))
        .isInstanceOf(StreamClosedException.class)
        .hasMessage("outbox store failed, event not stored: IOException: No space left on device")
        .hasRootCauseMessage("No space left on device");
    Status end = client.awaitEnd(WAIT);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription())
        .isEqualTo("outbox store failed: IOException: No space left on device");
    assertThat(client.received).containsExactly("stored");
    assertThat(counter("eventsource.write.failures", "cause", "outbox_store")).isEqualTo(1);
    assertThat(counter("eventsource.streams.total", "outcome", "UNAVAILABLE")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an outbox the store cannot read when a stream opens ends that stream UNAVAILABLE, and the next stream gets every stored event")
  void unreadableOutboxAtOpenLosesNothing() throws Exception {
    storedWhileAway(OutboxSettings.defaults(), "stored ", 5);

    AtomicBoolean unreadable = new AtomicBoolean(true);
    CapturingPlugin restarted = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(
        restarted,
        b ->
            b.store(
                TestStores.file(
                    dir,
                    name -> {},
                    log ->
                        new FailingStore(
                            log, new AtomicBoolean(), new AtomicBoolean(), unreadable))));
    EventReader refused = EventReader.open(served.channel, "e", "{}", 100);
    Status end = refused.awaitEnd(WAIT);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription()).contains("outbox store", "became inactive");
    assertThat(refused.received).isEmpty();

    unreadable.set(false); // the store is back: the client's retry gets what was stored
    EventReader retry = EventReader.open(served.channel, "e", "{}", 100);
    retry.awaitReceived(5, WAIT);
    assertThat(retry.received)
        .containsExactly("stored 0", "stored 1", "stored 2", "stored 3", "stored 4");
  }

  /**
   * Serves a plugin with {@code outbox} on {@code dir}, lets its client go, emits {@code count}
   * texts {@code prefix + i} into the outbox of event "e", and shuts that server down.
   */
  private void storedWhileAway(OutboxSettings outbox, String prefix, int count) throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(outbox);
    EventingEngine<CapturingPlugin.Config> first = serve(plugin, b -> b.outboxDir(dir));
    EventReader c = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    c.cancel();
    Waits.until("detached", () -> !attached(run));
    for (int i = 0; i < count; i++) {
      run.emitter().emitText(prefix + i);
    }
    first.shutdown(Duration.ofMillis(50));
  }

  /**
   * A file store whose appends fail while {@code full} is set, and deliveries while {@code
   * readOnly} is.
   */
  private record FailingStore(
      OutboxLog file, AtomicBoolean full, AtomicBoolean readOnly, AtomicBoolean unreadable)
      implements OutboxLog {
    FailingStore(OutboxLog file, AtomicBoolean full, AtomicBoolean readOnly) {
      this(file, full, readOnly, new AtomicBoolean());
    }

    @Override
    public void append(long seq, long emittedMillis, byte[] event) throws IOException {
      if (full.get()) {
        throw new IOException("No space left on device");
      }
      file.append(seq, emittedMillis, event);
    }

    @Override
    public void delivered(long seq) {
      if (readOnly.get()) {
        throw new java.io.UncheckedIOException(
            "cannot empty the delivered log", new IOException("Read-only file system"));
      }
      file.delivered(seq);
    }

    @Override
    public long lastSequence() {
      return file.lastSequence();
    }

    @Override
    public List<Stored> undelivered() throws IOException {
      if (unreadable.get()) { // unchecked, as the NATS client throws when a reconnect cuts a read
        throw new IllegalStateException("This subscription became inactive.");
      }
      return file.undelivered();
    }
  }

  // ---- item 13: folder names ----

  @Test
  @DisplayName("event names that sanitise alike (a/b, a_b) keep separate outboxes across a restart")
  void namesThatReadAlikeDoNotShareAnOutbox() throws Exception {
    assertThat(FileOutboxStore.directoryName("a/b", "h"))
        .isNotEqualTo(FileOutboxStore.directoryName("a_b", "h"));
    String longA = "x".repeat(70) + "A";
    assertThat(FileOutboxStore.directoryName(longA, "h"))
        .isNotEqualTo(FileOutboxStore.directoryName("x".repeat(70) + "B", "h"));

    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    EventingEngine<CapturingPlugin.Config> first = serve(plugin, b -> b.outboxDir(dir));
    for (String name : List.of("a/b", "a_b")) {
      EventReader c = EventReader.open(served.channel, name, "{}", 100);
      StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
      c.cancel();
      Waits.until("detached", () -> !attached(run));
      run.emitter().emitText("for " + name);
    }
    first.shutdown(Duration.ofMillis(50));

    CapturingPlugin restarted = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(restarted, b -> b.outboxDir(dir));
    EventReader ab = EventReader.open(served.channel, "a/b", "{}", 100);
    EventReader under = EventReader.open(served.channel, "a_b", "{}", 100);
    ab.awaitReceived(1, WAIT);
    under.awaitReceived(1, WAIT);
    assertThat(ab.received).containsExactly("for a/b");
    assertThat(under.received).containsExactly("for a_b");
  }

  @Test
  @DisplayName(
      "an outbox folder of the earlier naming is taken over when its name is unambiguous, left alone otherwise")
  void legacyFolders() throws Exception {
    try (FileOutboxStore old =
        new FileOutboxStore(dir.resolve(FileOutboxStore.legacyDirectoryName("plain", "h")))) {
      old.append(0, 1, new byte[] {7});
    }
    try (FileOutboxStore old =
        new FileOutboxStore(dir.resolve(FileOutboxStore.legacyDirectoryName("a/b", "h")))) {
      old.append(0, 1, new byte[] {8});
    }
    try (FileOutboxStore plain = FileOutboxStore.open(dir, "plain", "h")) {
      assertThat(plain.undelivered()).extracting(s -> s.event()[0]).containsExactly((byte) 7);
    }
    assertThat(dir.resolve("plain-h")).doesNotExist();
    try (FileOutboxStore ab = FileOutboxStore.open(dir, "a/b", "h")) {
      assertThat(ab.undelivered()).isEmpty();
    }
    assertThat(dir.resolve("a_b-h")).as("a folder a_b might own is left alone").isDirectory();
  }

  // ---- item 14: DROP_OLDEST and restore within bounds ----

  @Test
  @DisplayName("events DROP_OLDEST discarded do not come back after a restart")
  void dropOldestAlsoDropsFromTheStore() throws Exception {
    OutboxSettings three = OutboxSettings.defaults().withMaxEvents(3);
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(three);
    EventingEngine<CapturingPlugin.Config> first = serve(plugin, b -> b.outboxDir(dir));
    EventReader c = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    c.cancel();
    Waits.until("detached", () -> !attached(run));
    for (int i = 0; i < 10; i++) {
      run.emitter().emitText("e" + i);
    }
    assertThat(served.engine.bufferedEvents()).isEqualTo(3);
    first.shutdown(Duration.ofMillis(50));

    CapturingPlugin restarted = new CapturingPlugin().withOutbox(three);
    serve(restarted, b -> b.outboxDir(dir));
    EventReader back = EventReader.open(served.channel, "e", "{}", 100);
    back.awaitReceived(3, WAIT);
    restarted.awaitStream();
    assertThat(back.received).containsExactly("e7", "e8", "e9");
  }

  @Test
  @DisplayName(
      "a restore keeps the newest events within the outbox bounds when the store holds more")
  void restoreHonoursTheBounds() throws Exception {
    storedWhileAway(OutboxSettings.defaults(), "e", 10);

    // the restarted server allows 4 events in the outbox
    CapturingPlugin restarted =
        new CapturingPlugin().withOutbox(OutboxSettings.defaults().withMaxEvents(4));
    serve(restarted, b -> b.outboxDir(dir));
    EventReader back = EventReader.open(served.channel, "e", "{}", 0);
    restarted.awaitStream();
    assertThat(served.engine.bufferedEvents()).isEqualTo(4);
    assertThat(counter("eventsource.events.dropped", "reason", "drop_oldest")).isEqualTo(6);
    back.request(100);
    back.awaitReceived(4, WAIT);
    assertThat(back.received).containsExactly("e6", "e7", "e8", "e9");
  }

  // ---- item 15: store I/O outside the identity lock ----

  @Test
  @DisplayName(
      "an outbox store that is slow to open holds up neither the calling thread nor other new streams")
  void slowStoreDoesNotStallOtherStreams() throws Exception {
    CountDownLatch opening = new CountDownLatch(1);
    CountDownLatch diskAnswers = new CountDownLatch(1);
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(
        plugin,
        b ->
            b.store(
                TestStores.file(
                    dir,
                    name -> {
                      if (name.equals("slow")) {
                        opening.countDown();
                        try {
                          diskAnswers.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }
                    },
                    log -> log)));
    try {
      // in-process with a direct executor, the service method runs on the thread that opens the
      // stream
      CompletableFuture<EventReader> slow =
          CompletableFuture.supplyAsync(() -> EventReader.open(served.channel, "slow", "{}", 10));
      assertThat(opening.await(10, TimeUnit.SECONDS)).as("the slow store is opening").isTrue();
      slow.get(5, TimeUnit.SECONDS); // the service method returned while the disk is still busy
      CompletableFuture<EventReader> fast =
          CompletableFuture.supplyAsync(() -> EventReader.open(served.channel, "fast", "{}", 10));
      StreamContext<CapturingPlugin.Config> started = plugin.awaitStream();
      assertThat(started.eventName()).isEqualTo("fast");
      fast.get(5, TimeUnit.SECONDS);
      started.emitter().emitText("fast event");
      fast.get().awaitReceived(1, WAIT);
      assertThat(diskAnswers.getCount()).as("the slow store is still opening").isEqualTo(1);
    } finally {
      diskAnswers.countDown();
    }
    StreamContext<CapturingPlugin.Config> slowRun = plugin.awaitStream();
    assertThat(slowRun.eventName()).isEqualTo("slow");
  }

  @Test
  @DisplayName(
      "streams of one identity that arrive while its store opens take over in order once it has opened")
  void streamsOfAnOpeningIdentityTakeOverInTurn() throws Exception {
    CountDownLatch opening = new CountDownLatch(1);
    CountDownLatch diskAnswers = new CountDownLatch(1);
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(
        plugin,
        b ->
            b.store(
                TestStores.file(
                    dir,
                    name -> {
                      opening.countDown();
                      try {
                        diskAnswers.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    },
                    log -> log)));
    EventReader first = EventReader.open(served.channel, "e", "{}", 10);
    assertThat(opening.await(10, TimeUnit.SECONDS)).isTrue();
    EventReader second = EventReader.open(served.channel, "e", "{}", 10);
    diskAnswers.countDown();
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    assertThat(first.awaitEnd(WAIT).getCode()).isEqualTo(Status.Code.ABORTED);
    run.emitter().emitText("x");
    second.awaitReceived(1, WAIT);
    assertThat(plugin.starts.get()).as("one run for the identity").isEqualTo(1);
  }

  // ---- item 16: a plugin that locks its context ----

  @Test
  @DisplayName("a plugin holding its context's monitor does not block a takeover or other streams")
  void pluginLockingItsContextCannotStallTheEngine() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin().withOutbox(OutboxSettings.defaults());
    serve(plugin, b -> {});
    EventReader older = EventReader.open(served.channel, "e", "{}", 100);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              synchronized (run) {
                locked.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    holder.start();
    try {
      locked.await();
      CompletableFuture<EventReader> newer =
          CompletableFuture.supplyAsync(() -> EventReader.open(served.channel, "e", "{}", 100));
      assertThat(older.awaitEnd(WAIT).getCode()).isEqualTo(Status.Code.ABORTED);
      newer.get(5, TimeUnit.SECONDS);
      run.emitter().emitText("to the newer");
      newer.get().awaitReceived(1, WAIT);
    } finally {
      release.countDown();
      holder.join();
    }
  }
}
