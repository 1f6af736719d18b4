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
package io.argogeneric.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamSettings;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every eventsource built on the SDK must keep, as JUnit 5 tests that a plugin's test
 * class inherits. Supply a fresh plugin, a config that makes it emit, and configs it must refuse:
 *
 * <pre>{@code
 * class TickerContractTest extends EventSourceContractTest<TickerServer.Config> {
 *   protected EventingServer<TickerServer.Config> newPlugin() { return new TickerServer(); }
 *   protected String validConfig() { return "interval: 1s"; }
 *   protected Map<String, String> invalidConfigs() { return Map.of("interval: -1s", "interval"); }
 * }
 * }</pre>
 *
 * <p>By default the plugin runs in-process on {@link VirtualTime} starting at {@link #START}, and
 * {@link #produceEvents} advances it by {@link #eventPeriod()} per event. A plugin whose events
 * come from outside (the webhook bridge) overrides {@code produceEvents} and usually {@link
 * #extension()}.
 *
 * <p>The plugin runs as a server runs it, outbox included. Checks that do not apply to it are
 * skipped with an assumption that says why: the takeover and detached-run checks need an {@link
 * EventingServer#outbox()}, the cancel and second-stream checks need its absence, and the position
 * check needs events emitted with a position.
 *
 * @param <C> the plugin's config class
 * @since 0.1.0
 */
public abstract class EventSourceContractTest<C> {
  /** Where the default extension's virtual time starts. */
  protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static final Duration STOP_DEADLINE = Duration.ofMillis(100);
  // writes positions as the SDK records them: JSON, java.time as ISO-8601 text
  private static final ObjectMapper POSITIONS =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private EventSourceExtension es;

  /** A fresh plugin instance; called once per test. */
  protected abstract EventingServer<C> newPlugin();

  /** A YAML or JSON config with which the plugin emits an event every {@link #eventPeriod()}. */
  protected abstract String validConfig();

  /**
   * At least one config the plugin must refuse, each mapped to the field name its error must name.
   */
  protected abstract Map<String, String> invalidConfigs();

  /**
   * Makes every open stream of the plugin produce {@code count} more events. The default advances
   * virtual time by {@code eventPeriod() × count}. It is also called while a stream is paused, to
   * fill its buffer: events past the buffer's bound may then be dropped by the overflow policy, so
   * an override must not insist that each one is delivered.
   */
  protected void produceEvents(EventSourceExtension es, int count) throws Exception {
    es.time().advance(eventPeriod().multipliedBy(count));
  }

  /** How often {@link #validConfig()} emits; default one second. */
  protected Duration eventPeriod() {
    return Duration.ofSeconds(1);
  }

  /** The extension the contract runs the plugin on; override to customise. Called once per test. */
  protected EventSourceExtension extension() {
    return EventSourceExtension.of(this::newPlugin).withVirtualTime(START);
  }

  /**
   * The position of {@code event} in its stream's sequence, when the payload says (a counter, a
   * timestamp); the contract then checks that positions strictly increase. Default: unknown.
   */
  protected OptionalLong sequenceOf(ReceivedEvent event) {
    return OptionalLong.empty();
  }

  /** How long any one wait of the contract may take; default 5 s. */
  protected Duration timeout() {
    return Duration.ofSeconds(5);
  }

  /** How many events the slow-reader check produces while the client does not read. */
  protected int slowReaderEvents() {
    return Math.min(es.streamSettings().maxBufferedEvents() + 2, 10_000);
  }

  /** The extension running this test, for a subclass's own tests. */
  protected final EventSourceExtension es() {
    if (es == null) {
      throw new IllegalStateException("the contract's extension runs only inside a test");
    }
    return es;
  }

  @BeforeEach
  final void startContractKit() throws Exception {
    es = extension();
    es.start();
  }

  @AfterEach
  final void stopContractKit() {
    if (es != null) {
      es.stop();
    }
  }

  @Test
  @DisplayName(
      "An invalid config ends the stream with INVALID_ARGUMENT naming the field, and no plugin run starts")
  void invalidConfigEndsTheStreamNamingTheField() {
    Map<String, String> invalid = invalidConfigs();
    Assertions.assertFalse(
        invalid.isEmpty(), "invalidConfigs() must give at least one invalid config");
    int i = 0;
    for (Map.Entry<String, String> bad : invalid.entrySet()) {
      TestStream stream = es.open("contract-invalid-" + i++, bad.getKey());
      stream.assertEndedWith(Status.Code.INVALID_ARGUMENT, bad.getValue(), timeout());
      Assertions.assertTrue(
          stream.received().isEmpty(), "a refused stream received events: " + stream.received());
    }
    Assertions.assertEquals(
        0, es.pluginRunsStarted(), "the plugin started although every config was invalid");
  }

  @Test
  @DisplayName("Events arrive in the order the plugin emitted them, each named after the stream")
  void eventsArriveInOrder() throws Exception {
    TestStream stream = es.open("contract-order", validConfig());
    produceEvents(es, 5);
    List<ReceivedEvent> events = stream.awaitEvents(5, timeout());
    for (ReceivedEvent e : events) {
      Assertions.assertEquals(
          "contract-order", e.name(), "an event's name is not the stream's event name");
    }
    assertSameAsEmitted(stream, 0);
    assertIncreasing(events);
  }

  @Test
  @DisplayName(
      "Cancelling a stream stops its plugin run and every task within 100 ms, and nothing is emitted after")
  void cancelStopsThePluginAndItsTasks() throws Exception {
    assumeNoOutbox(
        "a cancelled stream's run keeps going for the next stream of its identity (the detached-run"
            + " check covers it)");
    TestStream stream = es.open("contract-cancel", validConfig());
    produceEvents(es, 1);
    stream.awaitEvents(1, timeout());

    stream.cancel();
    es.awaitCondition(
        "the plugin run to stop, its tasks to be cancelled and the stream to close after a cancel",
        STOP_DEADLINE,
        () ->
            es.pluginRunsStopped() == es.pluginRunsStarted()
                && es.activeStreams() == 0
                && es.pendingTasks() == 0
                && (!es.hasVirtualTime() || es.time().pendingTasks() == 0));

    if (es.hasVirtualTime()) {
      es.time().advance(eventPeriod().multipliedBy(3));
    }
    Assertions.assertEquals(0, es.emitsAfterStop(), "the plugin emitted after its run had stopped");
    Assertions.assertEquals(
        0, es.bufferedEvents(), "events stayed buffered after the stream ended");
  }

  @Test
  @DisplayName("A client that stops reading keeps the stream's buffer within the plugin's bounds")
  void slowReaderKeepsTheBufferBounded() throws Exception {
    // BLOCK would hold each emit past the bound for the whole block timeout; the bound is what
    // counts
    es.tracked().capBlockTimeout(Duration.ofMillis(100));
    StreamSettings settings = es.streamSettings();
    TestStream stream = es.openPaused("contract-slow", validConfig());
    int total = slowReaderEvents();
    long mostEvents = 0;
    for (int produced = 0; produced < total; ) {
      int chunk = Math.min(64, total - produced);
      produceEvents(es, chunk);
      produced += chunk;
      long events = es.bufferedEvents();
      long bytes = es.bufferedBytes();
      mostEvents = Math.max(mostEvents, events);
      Assertions.assertTrue(
          events <= settings.maxBufferedEvents(),
          "buffer holds " + events + " events, over its bound of " + settings.maxBufferedEvents());
      Assertions.assertTrue(
          bytes <= settings.maxBufferedBytes() || events <= 1,
          "buffer holds " + bytes + " bytes, over its bound of " + settings.maxBufferedBytes());
      if (!stream.isOpen()) {
        break;
      }
    }
    if (settings.overflowPolicy() == OverflowPolicy.FAIL && !stream.isOpen()) {
      stream.assertEndedWith(Status.Code.RESOURCE_EXHAUSTED, null, timeout());
      return;
    }
    // in-process, a paused client takes nothing, so the buffer must have filled; an on-demand
    // source
    // is not asked while the client takes nothing, so its run buffers nothing
    boolean onDemand = es.tracked().runs().stream().anyMatch(TrackedContext::usesOnDemand);
    if (!es.isLoopback() && !onDemand) {
      Assertions.assertTrue(mostEvents > 0, "nothing was buffered while the client did not read");
    }
    stream.resume();
    stream.awaitEvents(1, timeout());
    es.awaitCondition(
        "the buffer to drain once the client reads again",
        timeout(),
        () -> es.bufferedEvents() == 0);
    // otherwise accepted events were dropped later: by DROP_OLDEST, or expired in an outbox
    if (settings.overflowPolicy() != OverflowPolicy.DROP_OLDEST
        && es.counter("eventsource.events.dropped", "reason", "expired") == 0) {
      assertSameAsEmitted(stream, 0);
    }
  }

  @Test
  @DisplayName(
      "A second stream with the same name gets a fresh run of its own, which outlives the first")
  void secondStreamWithTheSameNameGetsAFreshRun() throws Exception {
    assumeNoOutbox(
        "a second stream with the same name and config takes the run over (the takeover check"
            + " covers it)");
    TestStream first = es.open("contract-same", validConfig());
    produceEvents(es, 2);
    first.awaitEvents(2, timeout());

    TestStream second = es.open("contract-same", validConfig());
    Assertions.assertEquals(
        2, es.pluginRunsStarted(), "the second stream did not get a plugin run of its own");
    produceEvents(es, 2);
    second.awaitEvents(2, timeout());

    first.close();
    es.awaitCondition(
        "the first stream's run to stop", timeout(), () -> es.pluginRunsStopped() >= 1);
    produceEvents(es, 1);
    second.awaitEvents(1, timeout());
    Assertions.assertTrue(second.isOpen(), "the second stream ended with the first: " + second);
    assertSameAsEmitted(second, 1);
  }

  @Test
  @DisplayName(
      "A plugin run that throws ends only its own stream, with INTERNAL; other streams keep flowing")
  void throwingRunEndsOnlyItsOwnStream() throws Exception {
    es.tracked().failStartsFor("contract-broken");
    TestStream healthy = es.open("contract-healthy", validConfig());
    produceEvents(es, 1);
    healthy.awaitEvents(1, timeout());

    TestStream broken = es.open("contract-broken", validConfig());
    // the exception stays in the server's log; the client gets a generic description and an error
    // id
    broken.assertEndedWith(Status.Code.INTERNAL, "plugin failed (error id ", timeout());

    produceEvents(es, 2);
    healthy.awaitEvents(2, timeout());
    Assertions.assertTrue(healthy.isOpen(), "the healthy stream ended too: " + healthy);
    // the client sees the end a moment before the engine forgets the stream
    es.awaitCondition(
        "the broken stream to close and the healthy one alone to stay open",
        timeout(),
        () -> es.activeStreams() == 1);
  }

  @Test
  @DisplayName(
      "With an outbox, a newer stream of the same name and config takes the run over and the older"
          + " one ends with ABORTED")
  void newerStreamTakesOverAndTheOlderEndsAborted() throws Exception {
    assumeOutbox();
    TestStream older = es.open("contract-takeover", validConfig());
    produceEvents(es, 2);
    older.awaitEvents(2, timeout());

    TestStream newer = es.open("contract-takeover", validConfig());
    older.assertEndedWith(Status.Code.ABORTED, null, timeout());
    Assertions.assertEquals(
        1, es.pluginRunsStarted(), "the newer stream got a run of its own instead of taking over");
    produceEvents(es, 2);
    newer.awaitEvents(2, timeout());
    Assertions.assertTrue(newer.isOpen(), "the newer stream ended: " + newer);
    Assertions.assertEquals(
        2, older.received().size(), "the older stream received events after it was taken over");
    assertSameAsEmitted(newer, 0, 2);
  }

  @Test
  @DisplayName(
      "With an outbox, a run whose client went away keeps emitting into the outbox, and the next"
          + " stream gets those events first, in order")
  void detachedRunKeepsEmittingForTheNextStream() throws Exception {
    assumeOutbox();
    TestStream first = es.open("contract-detached", validConfig());
    produceEvents(es, 2);
    first.awaitEvents(2, timeout());

    first.cancel(); // as Argo's client does when it gives up on a connection
    es.awaitServerClosed(first);
    int away = Math.min(3, es.pluginOutbox().orElseThrow().maxEvents());
    produceEvents(es, away);
    TrackedContext<?> run = es.tracked().runs().get(0);
    Assertions.assertFalse(run.isStopped(), "the run stopped when its client went away");
    Assertions.assertEquals(
        2 + away, run.accepted().size(), "the run did not keep emitting while no client was there");

    TestStream next = es.open("contract-detached", validConfig());
    next.awaitEvents(away, timeout());
    produceEvents(es, 1);
    next.awaitEvents(1, timeout());
    Assertions.assertEquals(
        1, es.pluginRunsStarted(), "the next stream got a new run instead of the detached one");
    assertSameAsEmitted(next, 0, 2);
  }

  @Test
  @DisplayName(
      "A server shutdown runs the plugin's stop actions and ends the stream with UNAVAILABLE, and"
          + " nothing is emitted after")
  void shutdownStopsThePluginAndEndsTheStreamUnavailable() throws Exception {
    TestStream stream = es.open("contract-shutdown", validConfig());
    produceEvents(es, 1);
    stream.awaitEvents(1, timeout());

    es.shutDownServer(timeout());

    stream.assertEndedWith(Status.Code.UNAVAILABLE, null, timeout());
    es.awaitCondition(
        "every plugin run to stop after the server shut down",
        timeout(),
        () -> es.pluginRunsStopped() == es.pluginRunsStarted() && es.activeStreams() == 0);
    if (es.hasVirtualTime()) {
      es.time().advance(eventPeriod().multipliedBy(3));
      Assertions.assertEquals(
          0, es.time().pendingTasks(), "timers were left after the server shut down");
    }
    Assertions.assertEquals(0, es.emitsAfterStop(), "the plugin emitted after its run had stopped");
  }

  @Test
  @DisplayName(
      "After a reconnect, lastPosition in the run that serves the new stream is the position of the"
          + " last event the client received")
  void reconnectResumesFromTheLastReceivedPosition() throws Exception {
    TestStream first = es.open("contract-position", validConfig());
    produceEvents(es, 3);
    List<ReceivedEvent> got = first.awaitEvents(3, timeout());
    TrackedContext<?> firstRun = es.tracked().runs().get(0);
    Object expected = null;
    for (int i = got.size() - 1; i >= 0 && expected == null; i--) {
      expected = firstRun.positionOf(i); // events without a position do not move it
    }
    Assumptions.assumeTrue(
        expected != null,
        "the plugin emits no positions (Emitter.emit(payload, position)): there is none to resume"
            + " from");

    first.reconnect();
    List<? extends TrackedContext<?>> runs = es.tracked().runs();
    TrackedContext<?> serving =
        runs.get(runs.size() - 1); // a fresh run, or with an outbox the same
    if (expected instanceof byte[] bytes) {
      Assertions.assertArrayEquals(
          bytes,
          serving.lastPosition(byte[].class).orElse(null),
          "lastPosition after a reconnect is not the last received event's position");
    } else {
      Assertions.assertEquals(
          POSITIONS.readTree(POSITIONS.writeValueAsBytes(expected)),
          serving.lastPosition(JsonNode.class).orElse(null),
          "lastPosition after a reconnect is not the last received event's position");
    }
  }

  private void assumeOutbox() {
    Assumptions.assumeTrue(
        es.pluginOutbox().isPresent(),
        "the plugin has no outbox (EventingServer.outbox() is empty): its runs end with their"
            + " stream");
  }

  private void assumeNoOutbox(String why) {
    Assumptions.assumeTrue(es.pluginOutbox().isEmpty(), "the plugin has an outbox: " + why);
  }

  /** Checks that what {@code stream} received is, in order, what run number {@code run} emitted. */
  private void assertSameAsEmitted(TestStream stream, int run) {
    assertSameAsEmitted(stream, run, 0);
  }

  /**
   * Checks that what {@code stream} received is, in order, what run number {@code run} emitted from
   * its event number {@code from} (counting from 0) on.
   */
  private void assertSameAsEmitted(TestStream stream, int run, int from) {
    List<byte[]> all = es.tracked().runs().get(run).accepted();
    List<byte[]> emitted = all.subList(Math.min(from, all.size()), all.size());
    List<ReceivedEvent> received = stream.received();
    int n = Math.min(received.size(), emitted.size());
    for (int i = 0; i < n; i++) {
      if (!Arrays.equals(emitted.get(i), received.get(i).bytes())) {
        Assertions.fail(
            "event #"
                + (i + 1)
                + " of stream '"
                + stream.eventName()
                + "' is not the one emitted in that place: got "
                + received.get(i).preview()
                + ", emitted "
                + new ReceivedEvent(
                        io.argogeneric.proto.Event.newBuilder()
                            .setPayload(com.google.protobuf.ByteString.copyFrom(emitted.get(i)))
                            .build())
                    .preview());
      }
    }
  }

  private void assertIncreasing(List<ReceivedEvent> events) {
    long last = Long.MIN_VALUE;
    for (ReceivedEvent e : events) {
      OptionalLong seq = sequenceOf(e);
      if (seq.isEmpty()) {
        return;
      }
      if (seq.getAsLong() <= last) {
        Assertions.fail(
            "events out of order: "
                + seq.getAsLong()
                + " came after "
                + last
                + " ("
                + e.preview()
                + ")");
      }
      last = seq.getAsLong();
    }
  }
}
