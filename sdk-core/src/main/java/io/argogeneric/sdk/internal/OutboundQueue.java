package io.argogeneric.sdk.internal;

import io.argogeneric.proto.Event;
import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamSettings;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stream's bounded buffer between the plugin and gRPC. Producers {@link #offer} from any
 * thread; {@link #drain} hands events to gRPC only while {@code isReady()} holds, so a client that
 * stops reading can cost at most this buffer plus gRPC's own ~32 KiB and the client's window.
 *
 * <p>{@code drain} runs on whichever thread calls it (a producer after an offer, or gRPC's onReady
 * callback) but never on two at once: the {@code wip} counter serializes it without blocking,
 * because {@code StreamObserver} is not thread-safe and a blocked gRPC callback stalls the call.
 */
final class OutboundQueue {
  private record Pending(Event event, int size, long enqueuedNanos) {}

  /** Told when the policy is FAIL and the buffer overflows; must end the stream. */
  interface OverflowFailure {
    void overflowed();
  }

  private final ServerCallStreamObserver<Event> call;
  private final StreamSettings settings;
  private final EngineMetrics metrics;
  private final OverflowFailure onFail;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Pending> items = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  // guarded by lock
  private long bytes;
  private boolean closedForOffers;
  private String closedReason = "stream ended";
  private Status terminal;
  // touched only inside drain's serialized section
  private boolean callClosed;

  OutboundQueue(
      ServerCallStreamObserver<Event> call,
      StreamSettings settings,
      EngineMetrics metrics,
      OverflowFailure onFail) {
    this.call = call;
    this.settings = settings;
    this.metrics = metrics;
    this.onFail = onFail;
  }

  /**
   * Buffers {@code event} under the overflow policy and drains what flow control allows.
   *
   * @throws io.argogeneric.sdk.StreamClosedException when the stream has ended
   */
  EmitResult offer(Event event) throws InterruptedException {
    int size = event.getSerializedSize();
    boolean failStream = false;
    lock.lock();
    try {
      checkOpen();
      if (isFull(size)) {
        switch (settings.overflowPolicy()) {
          case DROP_NEWEST -> {
            metrics.dropped(OverflowPolicy.DROP_NEWEST, 1);
            return EmitResult.DROPPED;
          }
          case DROP_OLDEST -> {
            long dropped = 0;
            while (isFull(size) && !items.isEmpty()) {
              bytes -= items.poll().size;
              dropped++;
            }
            metrics.bufferedEvents.addAndGet(-dropped);
            metrics.dropped(OverflowPolicy.DROP_OLDEST, dropped);
          }
          case FAIL -> failStream = true;
          case BLOCK -> {
            long nanos = settings.blockTimeout().toNanos();
            while (isFull(size)) {
              if (nanos <= 0) {
                metrics.dropped(OverflowPolicy.BLOCK, 1);
                return EmitResult.DROPPED;
              }
              nanos = notFull.awaitNanos(nanos);
              checkOpen();
            }
          }
        }
      }
      if (!failStream) {
        items.addLast(new Pending(event, size, System.nanoTime()));
        bytes += size;
        metrics.bufferedEvents.incrementAndGet();
      }
    } finally {
      lock.unlock();
    }
    if (failStream) {
      metrics.dropped(OverflowPolicy.FAIL, 1);
      onFail.overflowed();
      return EmitResult.DROPPED;
    }
    drain();
    return EmitResult.ACCEPTED;
  }

  private boolean isFull(int size) {
    // one event larger than the byte bound is still taken into an empty buffer, or it never could be
    return items.size() >= settings.maxBufferedEvents()
        || (!items.isEmpty() && bytes + size > settings.maxBufferedBytes());
  }

  private void checkOpen() {
    if (closedForOffers) {
      throw new io.argogeneric.sdk.StreamClosedException(closedReason);
    }
  }

  /** Moves buffered events to gRPC while its transport is ready; then closes the call if asked. */
  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (!callClosed) {
        Pending next = null;
        Status end = null;
        boolean ready = call.isReady();
        lock.lock();
        try {
          if (items.isEmpty()) {
            end = terminal;
          } else if (ready) {
            next = items.pollFirst();
            bytes -= next.size;
            notFull.signalAll();
          }
        } finally {
          lock.unlock();
        }
        if (next != null) {
          metrics.bufferedEvents.decrementAndGet();
          call.onNext(next.event);
          metrics.written(next.size, next.enqueuedNanos);
        } else {
          if (end != null) {
            callClosed = true;
            try {
              call.onError(end.asRuntimeException());
            } finally {
              closed.complete(null);
            }
          }
          break;
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
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
      }
      if (terminal == null) {
        terminal = status;
      }
    } finally {
      lock.unlock();
    }
    drain();
  }

  /** The client is gone: refuse offers, discard the buffer (counted), never touch the call again. */
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

  /** Completes when the call is closed, by us or by the client. */
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
      bytes = 0;
      metrics.bufferedEvents.addAndGet(-n);
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
