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

import io.argogeneric.proto.Event;
import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.store.OutboxLog;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run's bounded buffer between the plugin and gRPC. Producers {@link #offer} from any thread;
 * {@link #drain} hands events to gRPC only while {@code isReady()} holds, so a client that stops
 * reading can cost at most this buffer plus gRPC's own ~32 KiB and the client's window.
 *
 * <p>{@code drain} runs on whichever thread calls it (a producer after an offer, or gRPC's onReady
 * callback) but never on two at once: the {@code wip} counter serializes it without blocking,
 * because {@code StreamObserver} is not thread-safe and a blocked gRPC callback stalls the call.
 * Changes of call (a stream taking over, a client leaving) are queued as commands and carried out
 * inside that serialized section, so no event is ever written to a call after it was replaced.
 *
 * <p>With an outbox the queue outlives calls: while no call is attached it keeps events within the
 * outbox bounds (and, with a store, on disk) for the next stream of the same identity.
 */
final class OutboundQueue {
  /**
   * Emit-to-write latency is recorded for every 64th event of a run, the first included: reading
   * the clock and updating the histogram for every event cost about a tenth of the emit path.
   */
  private static final int LATENCY_SAMPLE_MASK = 63;

  /**
   * A queued event that carries more than itself: sampled for latency ({@code enqueuedNanos} set,
   * see {@link #sampled}), or kept for an outbox (its sequence number and emit time). Other events
   * are queued bare: a record per event was about 48 bytes of garbage on the path every event
   * takes.
   */
  private record Pending(
      Event event, long enqueuedNanos, long seq, long emittedMillis, byte[] position) {}

  private static Event eventOf(Object item) {
    return item instanceof Pending p ? p.event : (Event) item;
  }

  /** Protobuf memoizes the size, so this is a field read after the first call (made in offer). */
  private static int sizeOf(Object item) {
    return eventOf(item).getSerializedSize();
  }

  private static boolean sampled(long seq) {
    return (seq & LATENCY_SAMPLE_MASK) == 0;
  }

  /** A change of call, applied inside drain: a takeover ({@code next} set) or a client leaving. */
  private record Swap(
      ServerCallStreamObserver<Event> next,
      ServerCallStreamObserver<Event> leaving,
      Status retireWith) {}

  /**
   * Makes the next event on demand, inside drain's serialized section, when the buffer is empty and
   * the transport ready; null when there is none now. Must not throw: a failure ends the run.
   */
  interface Puller {
    Event pull();
  }

  /** How the queue ends its run when it cannot go on; each method must end the stream. */
  interface Failures {
    /** The policy is FAIL and the buffer overflowed: its own bound, or the server-wide budget. */
    void overflowed(boolean serverBudget);

    /**
     * Writing failed: the outbox store threw, or the write loop did. The queue has already stopped
     * taking events; the run must end with {@code status}.
     */
    void failed(Status status, Throwable cause);
  }

  private final StreamSettings settings;
  private final OutboxSettings outbox;
  private final OutboxLog store;
  private final TimeSource time;
  private final EngineMetrics metrics;
  private final BufferBudget budget;
  private final Failures onFail;

  /**
   * With an outbox every event keeps its sequence number and emit time, so every item is a Pending.
   */
  private final boolean pendingForEvery;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();

  /** Each item is an {@link Event}, or a {@link Pending} when the event needs more than itself. */
  private final ArrayDeque<Object> items = new ArrayDeque<>();

  private final ArrayDeque<Swap> swaps = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile Puller puller;

  /**
   * Once an event that carries a position (or an outbox sequence) goes to a call, the call is set
   * to report ready only when gRPC has written everything to the socket ({@link
   * #ON_READY_THRESHOLD}), so that the position (or the outbox event's delivery) is recorded only
   * once its event left the process: recorded when gRPC merely took it, a kill -9 lost the events
   * still in gRPC's buffer while the position had moved past them. Between two such moments the
   * queue paces itself: it hands gRPC at most this many bytes, the same bound gRPC's default
   * threshold keeps. A call that never carries a position keeps gRPC's default threshold: with a
   * threshold of one byte, an on-demand source could only make one event per round trip through
   * gRPC's event loop (a twentieth of the throughput under a Go client).
   */
  private static final int UNFLUSHED_BUDGET = 32 * 1024;

  /** The threshold a call is given once it carries a position: ready means all was written. */
  static final int ON_READY_THRESHOLD = 1;

  /** gRPC's frame header before each message, counted as gRPC counts queued bytes. */
  private static final int FRAME_HEADER_BYTES = 5;

  /** Where positions go once their events are written (or stored, with an outbox). */
  private volatile java.util.function.Consumer<byte[]> positions = p -> {};

  // guarded by lock
  private long bytes;
  private int waiters; // producers blocked in offer() under BLOCK
  private long nextSeq;
  private boolean attached;
  private boolean closedForOffers;
  private String closedReason = "stream ended";
  private Status terminal;
  // touched only inside drain's serialized section
  private ServerCallStreamObserver<Event> current;
  private ServerCallStreamObserver<Event> unflushedCall; // the call the fields below are about
  private boolean recording; // it has the threshold of one byte: ready means all was written
  private long unflushedBytes; // handed to it since gRPC last had nothing left to write
  private byte[] unwrittenPosition; // the newest position handed over and maybe not yet written
  private long unwrittenSeq =
      -1; // the newest outbox sequence handed over and maybe not yet written
  private boolean discardOnEnd; // guarded by lock: the end is forced, no waiting for writes

  /** Set once the store threw: it is not used again, and the run ends (see reportStoreFailure). */
  private volatile Throwable storeFailure;

  private boolean storeFailureReported; // guarded by lock
  private boolean writeLoopFailed; // guarded by lock

  OutboundQueue(
      ServerCallStreamObserver<Event> call,
      StreamSettings settings,
      OutboxSettings outbox,
      OutboxLog store,
      TimeSource time,
      EngineMetrics metrics,
      BufferBudget budget,
      Failures onFail) {
    this.current = call;
    this.attached = true;
    this.settings = settings;
    this.outbox = outbox;
    this.store = store;
    this.time = time;
    this.metrics = metrics;
    this.budget = budget;
    this.onFail = onFail;
    this.pendingForEvery = outbox != null || store != null;
  }

  /**
   * Puts events a previous server process stored and never delivered at the head of the queue,
   * within the outbox's bounds: when the store holds more (the bounds were lowered between runs),
   * the newest are kept, as DROP_OLDEST would, and the rest are marked delivered so they never come
   * back.
   *
   * @return how many events were kept
   */
  int restore(List<OutboxLog.Stored> stored, long lastSeq) throws IOException {
    int maxEvents = outbox != null ? outbox.maxEvents() : settings.maxBufferedEvents();
    long maxBytes = outbox != null ? outbox.maxBytes() : settings.maxBufferedBytes();
    int kept;
    lock.lock();
    try {
      long keptBytes = 0;
      int from = stored.size();
      // walk back from the newest while the bounds hold; one event is kept whatever its size
      while (from > 0) {
        long size = stored.get(from - 1).event().length;
        if (stored.size() - from >= maxEvents
            || (from < stored.size() && keptBytes + size > maxBytes)) {
          break;
        }
        keptBytes += size;
        from--;
      }
      if (from > 0) {
        metrics.dropped(OverflowPolicy.DROP_OLDEST, from);
        markDelivered(stored.get(from - 1).seq());
      }
      for (OutboxLog.Stored s : stored.subList(from, stored.size())) {
        Event e = Event.parseFrom(s.event());
        items.addLast(new Pending(e, System.nanoTime(), s.seq(), s.emittedMillis(), null));
        add(e.getSerializedSize());
      }
      nextSeq = lastSeq + 1;
      kept = stored.size() - from;
    } finally {
      lock.unlock();
    }
    reportStoreFailure();
    return kept;
  }

  /**
   * Buffers {@code event} under the overflow policy and drains what flow control allows. Its
   * encoded {@code position} (or null) is recorded once the event is written, or with an outbox
   * once it is buffered (and stored).
   *
   * @throws StreamClosedException when the run has ended
   */
  EmitResult offer(Event event, byte[] position) throws InterruptedException {
    int size = event.getSerializedSize();
    boolean failStream = false;
    boolean overBudget = false;
    boolean notStored = false;
    lock.lock();
    try {
      checkOpen();
      expireLocked();
      if (mustWait(size)) {
        OverflowPolicy policy =
            attached || outbox == null ? settings.overflowPolicy() : outbox.overflowPolicy();
        switch (policy) {
          case DROP_NEWEST -> {
            metrics.dropped(OverflowPolicy.DROP_NEWEST, 1);
            return EmitResult.DROPPED;
          }
          case DROP_OLDEST -> {
            long dropped = 0;
            long lastDropped = -1;
            while (mustWait(size) && !items.isEmpty()) {
              Object oldest = items.pollFirst();
              remove(sizeOf(oldest));
              if (oldest instanceof Pending p) {
                lastDropped = p.seq;
              }
              dropped++;
            }
            if (lastDropped >= 0) {
              markDelivered(
                  lastDropped); // dropped from the buffer, so from the store too: never replayed
            }
            metrics.dropped(OverflowPolicy.DROP_OLDEST, dropped);
          }
          case FAIL -> {
            failStream = true;
            overBudget = !isFull(size);
          }
          case BLOCK -> {
            long nanos = settings.blockTimeout().toNanos();
            while (mustWait(size)) {
              if (nanos <= 0) {
                metrics.dropped(OverflowPolicy.BLOCK, 1);
                return EmitResult.DROPPED;
              }
              waiters++;
              try {
                nanos = notFull.awaitNanos(nanos);
              } finally {
                waiters--;
              }
              checkOpen();
            }
          }
        }
      }
      if (!failStream && storeFailure == null) {
        long seq = nextSeq++;
        long millis = store == null && outbox == null ? 0 : time.now().toEpochMilli();
        if (store != null) {
          try {
            store.append(seq, millis, event.toByteArray()); // before the event counts as accepted
          } catch (IOException | RuntimeException e) {
            notStored = true;
            storeFailure = e;
          }
        }
        if (!notStored) {
          boolean sampled = sampled(seq);
          items.addLast(
              sampled || pendingForEvery || position != null
                  ? new Pending(event, sampled ? System.nanoTime() : 0, seq, millis, position)
                  : event);
          add(size);
          if (position != null && outbox != null) {
            positions.accept(position); // with an outbox, stored is as far as a position goes
          }
        }
      }
    } finally {
      lock.unlock();
    }
    if (failStream) {
      metrics.dropped(OverflowPolicy.FAIL, 1);
      onFail.overflowed(overBudget);
      return EmitResult.DROPPED;
    }
    if (storeFailure != null) {
      reportStoreFailure();
      StreamClosedException closed =
          new StreamClosedException(
              "outbox store failed, event not stored: " + describe(storeFailure));
      closed.initCause(storeFailure);
      throw closed;
    }
    drain();
    return EmitResult.ACCEPTED;
  }

  /** Sends the positions of events handed over from now on to {@code sink}. */
  void recordPositionsTo(java.util.function.Consumer<byte[]> sink) {
    positions = sink;
  }

  /**
   * Makes {@code p} the run's on-demand source and drains, since the transport may be ready now.
   *
   * @throws IllegalStateException when the run already has one
   */
  void pullFrom(Puller p) {
    lock.lock();
    try {
      checkOpen();
      if (puller != null) {
        throw new IllegalStateException("this stream already has an on-demand source");
      }
      puller = p;
    } finally {
      lock.unlock();
    }
    drain();
  }

  /**
   * Whether an event of about {@code size} bytes would be taken now, without waiting and without
   * the overflow policy: the poller asks before each emit, so a full buffer holds it back instead.
   */
  boolean hasRoomFor(int size) {
    lock.lock();
    try {
      return !mustWait(size);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether {@code size} more bytes must wait: the buffer is at its bound, or over the server's
   * budget.
   */
  private boolean mustWait(int size) {
    return isFull(size) || (!items.isEmpty() && !budget.hasRoomFor(size));
  }

  private void add(int size) {
    bytes += size;
    budget.charge(size);
  }

  private void remove(int size) {
    bytes -= size;
    budget.release(size);
  }

  private boolean isFull(int size) {
    boolean streamBounds = attached || outbox == null;
    int maxEvents = streamBounds ? settings.maxBufferedEvents() : outbox.maxEvents();
    long maxBytes = streamBounds ? settings.maxBufferedBytes() : outbox.maxBytes();
    // one event larger than the byte bound is still taken into an empty buffer, or it never could
    // be
    return items.size() >= maxEvents || (!items.isEmpty() && bytes + size > maxBytes);
  }

  private void expireLocked() {
    if (outbox == null || items.isEmpty()) {
      return;
    }
    long oldest = time.now().toEpochMilli() - outbox.maxAge().toMillis();
    long expired = 0;
    // with an outbox every item is a Pending (pendingForEvery)
    while (!items.isEmpty() && ((Pending) items.peekFirst()).emittedMillis < oldest) {
      Pending p = (Pending) items.pollFirst();
      remove(sizeOf(p));
      expired++;
      markDelivered(p.seq); // given up on: never replay it
    }
    if (expired > 0) {
      metrics.expired(expired);
      notFull.signalAll();
    }
  }

  /**
   * Tells the store that everything up to {@code seq} left; a failure is kept for
   * reportStoreFailure.
   */
  private void markDelivered(long seq) {
    if (store == null || storeFailure != null) {
      return;
    }
    try {
      store.delivered(seq);
    } catch (RuntimeException e) {
      storeFailure = e;
    }
  }

  /**
   * Once the store has failed: stop taking events, discard the buffer (what was stored stays in the
   * store for the identity's next run) and have the run end with UNAVAILABLE, once. Called without
   * the lock held.
   */
  private void reportStoreFailure() {
    Throwable failure = storeFailure;
    if (failure == null) {
      return;
    }
    lock.lock();
    try {
      if (storeFailureReported) {
        return;
      }
      storeFailureReported = true;
    } finally {
      lock.unlock();
    }
    fail(ErrorStatus.storeFailed(failure), failure);
  }

  /** The run cannot go on: its owner ends it with {@code status}, and the queue closes the call. */
  private void fail(Status status, Throwable cause) {
    try {
      onFail.failed(status, cause);
    } catch (RuntimeException e) {
      cause.addSuppressed(e); // called from drain's handler: nothing may leave it (see drain)
    } finally {
      finish(status, false, "stream ended: " + status.getDescription());
    }
  }

  /** The failure without file paths, which stay in the server's log. */
  static String describe(Throwable t) {
    Throwable root = t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
    String detail =
        root instanceof java.nio.file.FileSystemException fs ? fs.getReason() : root.getMessage();
    return root.getClass().getSimpleName()
        + (detail == null ? "" : ": " + StreamRun.oneLine(detail));
  }

  private void checkOpen() {
    if (closedForOffers) {
      throw new StreamClosedException(closedReason);
    }
  }

  /**
   * Moves buffered events to gRPC while its transport is ready; then closes the call if asked.
   * Never throws: whatever fails in here ends the run with a status, and the {@code wip} count
   * always returns to zero, or every later drain (the flush timeout's close included) would return
   * at once and leave the stream open for ever.
   */
  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    long writtenEvents = 0;
    long writtenBytes = 0;
    do {
      while (true) {
        Swap swap;
        Object next = null;
        Puller pull = null;
        Status end = null;
        ServerCallStreamObserver<Event> call = current;
        try {
          boolean ready = call != null && writable(call);
          // gRPC reports ready: at the default threshold it has room, at one byte it wrote all
          boolean flushed = ready && (!recording || unflushedBytes == 0);
          lock.lock();
          try {
            swap = swaps.pollFirst();
            if (swap == null && call != null) {
              expireLocked();
              if (items.isEmpty()) {
                // made on demand only while nothing emitted waits, gRPC reports ready (so nothing
                // is made ahead of the client but what gRPC's threshold lets it hold), and the run
                // is open
                if (flushed && !closedForOffers) {
                  pull = puller;
                }
                if (pull == null) {
                  end = terminal;
                }
              } else if (ready) {
                next = items.pollFirst();
                remove(sizeOf(next));
                // once the buffer is half empty, wake one blocked producer per event taken (each
                // adds
                // one): waking them on every event, or all at once, costs a context switch per
                // producer per event when many senders share a stream (the webhook bridge)
                if (waiters > 0 && belowLowWater()) {
                  if (items.isEmpty()) {
                    notFull.signalAll();
                  } else {
                    notFull.signal();
                  }
                }
              }
            } else if (swap == null && terminal != null && !closed.isDone()) {
              end = terminal; // ended while no call is attached: nothing to close but the run
            }
          } finally {
            lock.unlock();
          }
          if (swap != null) {
            if (swap.next() != null) { // a stream takes over
              if (current != null && current != swap.next()) {
                closeQuietly(current, swap.retireWith());
              }
              current = swap.next();
            } else if (swap.leaving() == current) { // its client left
              current = null;
            }
            continue;
          }
          if (pull != null) {
            next = pull.pull(); // a bare Event, written below like a queued one
            if (next == null) {
              break; // nothing now: a wake, an offer or the next onReady drains again
            }
          }
          if (next != null) {
            Event event = eventOf(next);
            if (!recording && next instanceof Pending p && carriesMark(p)) {
              startRecording(call);
            }
            call.onNext(event);
            int size = event.getSerializedSize();
            writtenEvents++;
            writtenBytes += size;
            unflushedBytes += size + FRAME_HEADER_BYTES;
            if (next instanceof Pending p) {
              if (p.position != null && outbox == null) {
                unwrittenPosition = p.position; // recorded once written (see writable)
              }
              if (sampled(p.seq)) {
                metrics.latency(p.enqueuedNanos);
              }
              if (store != null) {
                unwrittenSeq = p.seq;
              }
            }
            continue;
          }
        } catch (Throwable t) {
          // never leave this section by an exception: wip would stay above zero for ever
          failWriteLoop(t);
          continue; // fail() discarded the buffer and set the end: the next round closes the call
        }
        if (end != null && call != null && awaitsWrite()) {
          break; // gRPC's onReady, once it wrote everything, records what is left and closes
        }
        if (end != null) {
          if (call != null) {
            current = null;
            closeQuietly(call, end);
          }
          closed.complete(null);
        }
        break;
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
    if (writtenEvents > 0) {
      metrics.written(writtenEvents, writtenBytes);
    }
  }

  /**
   * Whether the write loop may hand {@code call} another event. At gRPC's default threshold that is
   * whether gRPC reports ready. Once the call carries positions (threshold of one byte), ready
   * means gRPC has written everything it was given, so the newest position and outbox sequence
   * handed over are recorded now; otherwise the loop may go on until {@link #UNFLUSHED_BUDGET}
   * bytes wait in gRPC.
   */
  private boolean writable(ServerCallStreamObserver<Event> call) {
    if (call != unflushedCall) {
      // what went to the previous call may never have left: its positions stay unrecorded, and a
      // later write to this call records past them
      unflushedCall = call;
      recording = false; // a call starts at gRPC's default threshold (see startRecording)
      unflushedBytes = 0;
      unwrittenPosition = null;
      unwrittenSeq = -1;
    }
    if (call.isReady()) {
      if (recording) {
        unflushedBytes = 0;
        recordWritten();
      }
      return true;
    }
    return recording && unflushedBytes < UNFLUSHED_BUDGET;
  }

  /** Whether {@code p}'s handover leaves something to record once it is written. */
  private boolean carriesMark(Pending p) {
    return (p.position != null && outbox == null) || store != null;
  }

  /**
   * Gives {@code call} the threshold of one byte before the first event with something to record
   * goes to it, and waits for its next ready before handing it more: how much gRPC holds from
   * before is not known. The first ready after this write reports that all of it was written.
   */
  private void startRecording(ServerCallStreamObserver<Event> call) {
    call.setOnReadyThreshold(ON_READY_THRESHOLD);
    recording = true;
    unflushedBytes = UNFLUSHED_BUDGET;
  }

  private void recordWritten() {
    if (unwrittenPosition != null) {
      positions.accept(unwrittenPosition);
      unwrittenPosition = null;
    }
    if (unwrittenSeq >= 0) {
      markDelivered(unwrittenSeq);
      unwrittenSeq = -1;
      if (storeFailure != null) {
        reportStoreFailure(); // ends the run; the write loop then closes the call
      }
    }
  }

  /**
   * At a graceful end, whether the call must stay open until gRPC has written what carries a
   * position or an outbox sequence, so that a clean restart repeats nothing. A forced end ({@link
   * #finish} without flush: the flush timeout, a shutdown's grace running out) does not wait.
   */
  private boolean awaitsWrite() {
    if (unwrittenPosition == null && unwrittenSeq < 0) {
      return false;
    }
    lock.lock();
    try {
      return !discardOnEnd;
    } finally {
      lock.unlock();
    }
  }

  /** Something in the write loop threw: end the run with INTERNAL, once, and log what it was. */
  private void failWriteLoop(Throwable t) {
    boolean first;
    lock.lock();
    try {
      first = !writeLoopFailed;
      writeLoopFailed = true;
    } finally {
      lock.unlock();
    }
    if (!first) {
      // failing again after the buffer was discarded: give up on this call rather than spin
      ServerCallStreamObserver<Event> call = current;
      current = null;
      if (call != null) {
        closeQuietly(call, ErrorStatus.writeFailedAgain());
      }
      closed.complete(null);
      return;
    }
    fail(ErrorStatus.writeFailed(t), t);
  }

  private boolean belowLowWater() {
    int maxEvents = attached || outbox == null ? settings.maxBufferedEvents() : outbox.maxEvents();
    long maxBytes = attached || outbox == null ? settings.maxBufferedBytes() : outbox.maxBytes();
    return items.size() <= maxEvents / 2 && bytes <= maxBytes / 2;
  }

  private static void closeQuietly(ServerCallStreamObserver<Event> call, Status status) {
    try {
      call.onError(status.asRuntimeException());
    } catch (RuntimeException e) {
      // the call was cancelled meanwhile: nothing to tell the client
    }
  }

  /**
   * A newer stream of the same identity takes over: from now on events go to {@code call}; the call
   * attached before, if any, is ended with {@code forPrevious}.
   */
  void attach(ServerCallStreamObserver<Event> call, Status forPrevious) {
    lock.lock();
    try {
      attached = true;
      swaps.addLast(new Swap(call, null, forPrevious));
    } finally {
      lock.unlock();
    }
    drain();
  }

  /** {@code call}'s client went away; the queue keeps its events for the next stream. */
  void detach(ServerCallStreamObserver<Event> call) {
    lock.lock();
    try {
      attached = false;
      swaps.addLast(new Swap(null, call, null));
    } finally {
      lock.unlock();
    }
    drain();
  }

  /**
   * Refuses further offers and ends the call with {@code status} once the buffer is empty; with
   * {@code flush} false the buffer is discarded (and counted) first.
   */
  void finish(Status status, boolean flush, String reason) {
    lock.lock();
    try {
      closeForOffers(reason);
      if (!flush) {
        discardLocked();
        discardOnEnd = true;
      }
      if (terminal == null) {
        terminal = status;
      }
    } finally {
      lock.unlock();
    }
    drain();
  }

  /**
   * The client is gone and nothing waits for another: refuse offers, discard the buffer (counted).
   */
  void abandon(String reason) {
    lock.lock();
    try {
      closeForOffers(reason);
      discardLocked();
    } finally {
      lock.unlock();
    }
    closed.complete(null);
  }

  /** Completes when the run's last call is closed, by us or by the client. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  private void closeForOffers(String reason) {
    if (!closedForOffers) {
      closedForOffers = true;
      closedReason = reason;
    }
    notFull.signalAll();
  }

  private void discardLocked() {
    int n = items.size();
    if (n > 0) {
      items.clear();
      budget.release(bytes);
      bytes = 0;
      metrics.droppedAtEnd(n);
    }
  }

  int bufferedEvents() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  long bufferedBytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
