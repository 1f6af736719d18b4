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

import com.google.protobuf.UnsafeByteOperations;
import io.argogeneric.proto.Event;
import io.argogeneric.sdk.Cancellable;
import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.Emitter;
import io.argogeneric.sdk.EventTooLargeException;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OnDemand;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.PayloadSource;
import io.argogeneric.sdk.Scheduler;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.GoDuration;
import io.argogeneric.sdk.store.OutboxLog;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One plugin run for one stream: the context a plugin sees, and the stream's end in one place. */
final class StreamRun<C> extends StreamContext<C> {
  private static final Logger log = LoggerFactory.getLogger(StreamRun.class);

  private final EventingEngine<C> engine;
  private final EventingServer<C> plugin;
  private final String eventName;
  private final C config;
  private final String configHash;
  private final StreamSettings settings;
  private final StreamScheduler scheduler;
  private final OutboundQueue queue;
  private final RunEmitter emitter = new RunEmitter();
  private final com.google.protobuf.ByteString nameBytes; // encoded once, not per event
  private final AtomicReference<String> endReason = new AtomicReference<>();
  private final Deque<AutoCloseable> stopActions = new ArrayDeque<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();

  /**
   * Guards takeover, detach and linger. Not {@code this}: this object is the plugin's context, and
   * a plugin that synchronizes on its context must not be able to stall or deadlock the engine.
   */
  private final Object attachLock = new Object();

  // only for runs with an outbox, which outlive their calls
  private final OutboxSettings outbox;
  private final OutboxLog store;

  /** This identity's positions; set before the plugin starts (see attachPositions). */
  private volatile Positions.Slot positions;

  private volatile ServerCallStreamObserver<Event> attachedCall;
  private volatile String peer;
  private Cancellable linger;

  StreamRun(
      EventingEngine<C> engine,
      ServerCallStreamObserver<Event> call,
      boolean writesReported,
      String eventName,
      C config,
      String peer,
      String configHash,
      OutboxSettings outbox,
      OutboxLog store) {
    this.engine = engine;
    this.plugin = engine.plugin();
    this.eventName = eventName;
    this.nameBytes = com.google.protobuf.ByteString.copyFromUtf8(eventName);
    this.config = config;
    this.peer = peer;
    this.configHash = configHash;
    this.settings = plugin.streamSettings();
    this.outbox = outbox;
    this.store = store;
    this.attachedCall = call;
    this.scheduler = new StreamScheduler(engine.timeSource(), this);
    this.queue =
        new OutboundQueue(
            call,
            writesReported,
            settings,
            outbox,
            store,
            engine.timeSource(),
            engine.metrics(),
            engine.bufferBudget(),
            new QueueFailures());
  }

  /**
   * Records this run's positions in {@code slot} and gives it back once the run's last event has
   * been written; the outbox log, if any, belongs to the slot and is closed with it.
   */
  void attachPositions(Positions.Slot slot, Positions registry) {
    positions = slot;
    queue.recordPositionsTo(slot::record);
    queue.closed().whenComplete((v, t) -> registry.release(slot));
  }

  /**
   * Puts what a previous server process stored for this identity ({@code stored}, read from this
   * run's store) ahead of new events.
   */
  void restore(List<OutboxLog.Stored> stored) {
    if (store != null) {
      int kept;
      try {
        kept = queue.restore(stored, store.lastSequence());
      } catch (java.io.IOException e) { // a stored record that is no Event
        log.warn(
            "outbox store for event={} holds an unreadable event ({}); starting empty",
            eventName,
            e.toString());
        return;
      }
      if (!stored.isEmpty()) {
        log.info(
            "outbox restored event={} config={} events={} dropped_over_bounds={}",
            eventName,
            configHash,
            kept,
            stored.size() - kept);
      }
    }
  }

  /** For runs with an outbox: whether a stream is attached now (tests wait on it). */
  boolean isAttached() {
    return attachedCall != null;
  }

  String identity() {
    return eventName + "/" + configHash;
  }

  /**
   * A newer stream of this run's identity: it takes over, the call attached before (if any) ends
   * with ABORTED, and what waits in the outbox goes to the new call first.
   */
  boolean takeOver(ServerCallStreamObserver<Event> call, boolean writesReported, String newPeer) {
    synchronized (attachLock) {
      return takeOverLocked(call, writesReported, newPeer);
    }
  }

  private boolean takeOverLocked(
      ServerCallStreamObserver<Event> call, boolean writesReported, String newPeer) {
    if (!isActive()) {
      return false;
    }
    if (linger != null) {
      linger.cancel();
      linger = null;
    }
    boolean wasAttached = attachedCall != null;
    attachedCall = call;
    peer = newPeer;
    queue.attach(call, writesReported, ErrorStatus.superseded());
    log.info(
        "stream {} event={} peer={} config={}",
        wasAttached ? "taken over" : "resumed",
        eventName,
        newPeer,
        configHash);
    return true;
  }

  /** The client of {@code call} went away: a run with an outbox waits for the next stream. */
  void clientLeft(ServerCallStreamObserver<Event> call) {
    if (outbox == null) {
      clientCancelled();
      return;
    }
    synchronized (attachLock) {
      detachLocked(call);
    }
  }

  private void detachLocked(ServerCallStreamObserver<Event> call) {
    if (call != attachedCall || !isActive()) {
      return; // an older call that was already replaced
    }
    attachedCall = null;
    queue.detach(call);
    log.info(
        "stream detached event={} peer={} config={}: events wait in the outbox for up to {}",
        eventName,
        peer,
        configHash,
        outbox.maxAge());
    linger =
        engine
            .timeSource()
            .schedule(
                outbox.maxAge(),
                () -> {
                  // the run's end is claimed under the lock, so a takeover cannot slip in, but
                  // carried out
                  // outside it: ending takes the engine's identity lock, which a takeover holds
                  // while it waits
                  // for this one
                  boolean unclaimed;
                  synchronized (attachLock) {
                    unclaimed =
                        attachedCall == null
                            && endReason.compareAndSet(
                                null, "unclaimed for " + GoDuration.format(outbox.maxAge()));
                  }
                  if (unclaimed) {
                    ended(ErrorStatus.unclaimed(), false);
                  }
                });
  }

  OutboundQueue queue() {
    return queue;
  }

  /** Whether the buffer takes an event of {@code payload} now, without waiting or dropping. */
  boolean hasRoomFor(byte[] payload) {
    // the name, the payload and a few bytes of framing: a close upper bound of the event's size
    return queue.hasRoomFor(nameBytes.size() + payload.length + 16);
  }

  /** Completes once the plugin's stop actions have run. */
  CompletableFuture<Void> stopped() {
    return stopped;
  }

  int pendingTasks() {
    return scheduler.pendingTasks();
  }

  void startPlugin() {
    if (!isActive()) {
      return;
    }
    log.info("stream started event={} peer={} config={}", eventName, peer, configHash);
    if (positions == null && !openPositions()) {
      return;
    }
    try {
      plugin.start(this);
    } catch (StreamClosedException e) {
      // the stream ended while the plugin was starting: nothing to report
    } catch (Throwable t) {
      pluginFailed(t);
    }
  }

  /** Opens this identity's positions on this (worker) thread; false when the store failed. */
  private boolean openPositions() {
    Positions registry = engine.positions();
    Positions.Slot slot;
    try {
      slot = registry.acquire(eventName, configHash);
    } catch (java.io.IOException | RuntimeException e) {
      engine.metrics().writeFailed("outbox_store");
      log.error(
          "store for event={} config={} cannot open: {}", eventName, configHash, e.toString());
      stop(ErrorStatus.storeUnavailable(e), false, "store unavailable");
      return false;
    }
    attachPositions(slot, registry);
    return true;
  }

  // ---- StreamContext ----

  @Override
  public String eventName() {
    return eventName;
  }

  @Override
  public C config() {
    return config;
  }

  @Override
  public Emitter emitter() {
    return emitter;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public boolean isActive() {
    return endReason.get() == null;
  }

  @Override
  public void onStop(AutoCloseable action) {
    synchronized (stopActions) {
      if (isActive()) {
        stopActions.push(action);
        return;
      }
    }
    closeQuietly(action);
  }

  @Override
  public <R> R shared(
      String key,
      Class<R> type,
      Supplier<R> opener,
      java.util.function.Consumer<? super R> closer) {
    return engine.sharedResources().get(key, type, opener, closer);
  }

  @Override
  public <P> java.util.Optional<P> lastPosition(Class<P> type) {
    Objects.requireNonNull(type, "type");
    Positions.Slot slot = positions;
    byte[] encoded = slot == null ? null : slot.latest();
    return encoded == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(PositionCodec.decode(encoded, type));
  }

  @Override
  public io.micrometer.core.instrument.MeterRegistry metrics() {
    return engine.metrics().registry();
  }

  @Override
  public void end(Status status) {
    if (status.isOk()) {
      throw new IllegalArgumentException(
          "a stream may not end with OK: Argo would only reconnect 5 s later");
    }
    stop(status, true, "ended by the plugin: " + status.getCode());
  }

  // ---- ends ----

  String describeEnd() {
    String reason = endReason.get();
    return "stream '" + eventName + "' has ended" + (reason == null ? "" : " (" + reason + ")");
  }

  void pluginFailed(Throwable t) {
    if (!isActive()) {
      return;
    }
    engine.metrics().pluginFailures.increment();
    // the exception stays in the server's log: its message may hold anything (a credential, a
    // path);
    // the client gets an id to quote, which the log line carries next to the stack trace
    String id = String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
    engine
        .failureLog()
        .error(
            eventName + "|" + t.getClass().getName(),
            "plugin failed id={} event={} peer={} config={}",
            id,
            eventName,
            peer,
            configHash,
            t);
    stop(ErrorStatus.pluginFailed(id), true, "plugin failed");
  }

  void clientCancelled() {
    if (endReason.compareAndSet(null, "client went away")) {
      queue.abandon(describeEnd());
      finishStop("CANCELLED");
    }
  }

  void serverShutdown() {
    stop(ErrorStatus.shuttingDown(), true, "server shutting down");
  }

  /** Ends the call now, discarding what is still buffered; for the end of a shutdown's grace. */
  void forceClose() {
    queue.finish(ErrorStatus.shuttingDown(), false, "server shutting down");
  }

  private void stop(Status status, boolean flush, String reason) {
    if (endReason.compareAndSet(null, reason)) {
      ended(status, flush);
    }
  }

  /** Carries out the end whose reason was just set. */
  private void ended(Status status, boolean flush) {
    synchronized (attachLock) {
      if (linger != null) {
        linger.cancel();
      }
    }
    // count the run as ended before the client can see its stream end
    finishStop(status.getCode().name());
    queue.finish(status, flush, describeEnd());
    if (flush) {
      // a client that no longer reads must not hold the stream open for ever
      engine
          .executor()
          .schedule(
              () -> queue.finish(status, false, describeEnd()),
              engine.flushTimeout().toNanos(),
              TimeUnit.NANOSECONDS);
    }
  }

  private void finishStop(String outcome) {
    scheduler.cancelAll();
    engine.runEnded(this, outcome);
    log.info(
        "stream ended event={} peer={} config={} outcome={} seconds={}",
        eventName,
        peer,
        configHash,
        outcome,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
    engine.executor().execute(this::runStopActions);
  }

  private void runStopActions() {
    while (true) {
      AutoCloseable action;
      synchronized (stopActions) {
        action = stopActions.poll();
      }
      if (action == null) {
        break;
      }
      closeQuietly(action);
    }
    scheduler.cancelAll(); // a stop action may have raced a schedule
    stopped.complete(null);
  }

  private void closeQuietly(AutoCloseable action) {
    try {
      action.close();
    } catch (Throwable t) {
      log.warn("stop action failed event={} peer={}", eventName, peer, t);
    }
  }

  static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").trim();
    return line.length() > 200 ? line.substring(0, 197) + "..." : line;
  }

  /** The event for {@code payload}, counted as emitted. */
  private Event newEvent(byte[] payload) {
    Event event =
        Event.newBuilder()
            .setNameBytes(nameBytes)
            .setPayload(UnsafeByteOperations.unsafeWrap(payload))
            .build();
    int size = event.getSerializedSize();
    if (size > settings.maxEventBytes()) {
      throw new EventTooLargeException(
          "event of "
              + size
              + " bytes is over the limit of "
              + settings.maxEventBytes()
              + " (Argo's client refuses 4 MiB or more); not sent");
    }
    engine.metrics().emitted.increment();
    return event;
  }

  /** How the queue ends this run: a FAIL overflow, or a store or write failure. */
  private final class QueueFailures implements OutboundQueue.Failures {
    @Override
    public void overflowed(boolean serverBudget) {
      end(
          serverBudget
              ? ErrorStatus.serverBudgetOverflow(engine.bufferBudget().limit())
              : ErrorStatus.streamOverflow(
                  settings.maxBufferedEvents(), settings.maxBufferedBytes()));
    }

    @Override
    public void failed(Status status, Throwable cause) {
      boolean store = status.getCode() == Status.Code.UNAVAILABLE;
      engine.metrics().writeFailed(store ? "outbox_store" : "write_loop");
      // once per run (the queue reports a failure once, and the run ends here); runs are bounded
      // by the stream limits and Argo's 5 s retry
      log.error(
          "stream failed event={} peer={} config={}: {}",
          eventName,
          peer,
          configHash,
          status.getDescription(),
          cause);
      stop(
          status,
          false,
          status.getDescription()); // no-op when already ending: the queue closes the call
    }
  }

  /** Asks the plugin's on-demand source for its next event; a failure ends the run. */
  private Event pull(PayloadSource source) {
    try {
      byte[] payload = source.next();
      return payload == null ? null : newEvent(payload);
    } catch (Throwable t) {
      pluginFailed(t);
      return null;
    }
  }

  private final class RunEmitter extends Emitter {
    @Override
    public OnDemand emitOnDemand(PayloadSource source) {
      Objects.requireNonNull(source, "source");
      if (!isActive()) {
        throw new StreamClosedException(describeEnd());
      }
      queue.pullFrom(() -> pull(source));
      return queue::drain;
    }

    @Override
    public EmitResult emit(byte[] payload, Object position) {
      byte[] encoded = PositionCodec.encode(position); // a bad position throws before anything
      if (!isActive()) {
        throw new StreamClosedException(describeEnd());
      }
      Event event = newEvent(payload);
      try {
        EmitResult result = queue.offer(event, encoded);
        if (result == EmitResult.DROPPED) {
          engine
              .dropLog()
              .warn(
                  "overflow:" + eventName,
                  "event dropped event={} policy={}: the client reads too slowly",
                  eventName,
                  settings.overflowPolicy());
        }
        return result;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        engine.metrics().dropped(OverflowPolicy.BLOCK, 1);
        return EmitResult.DROPPED;
      }
    }
  }
}
