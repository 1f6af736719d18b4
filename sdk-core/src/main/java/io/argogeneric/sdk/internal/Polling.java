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

import io.argogeneric.sdk.Cancellable;
import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.PollSchedule;
import io.argogeneric.sdk.Polled;
import io.argogeneric.sdk.Poller;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StreamContext#poll}: built on the context's public methods only (its scheduler, emitter,
 * lastPosition, onStop, isActive), so a context that wraps another (the testkit's, which records
 * emits and runs on virtual time) gets polls through its own emitter and clock.
 *
 * <p>Each poll loop is a chain of one link at a time: a call on the polling executor, then one
 * timer on the stream's scheduler that only submits the next call. So calls of one loop never
 * overlap, and the executor's queue holds at most one task per loop. On a test's virtual time the
 * calls run on the thread that advances it, as its timers do: an advance then makes exactly the
 * polls it passes, each done before the advance moves on.
 */
public final class Polling {
  private static final Logger log = LoggerFactory.getLogger(Polling.class);

  /** The counter's name; registered by {@link EngineMetrics} so dashboards see 0 from the start. */
  static final String FAILURES = EngineMetrics.PREFIX + ".poll.failures";

  /** First wait after a failed poll; it doubles per failure in a row, up to the interval. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** Cap of the failure backoff when the schedule plans no further poll. */
  static final Duration BACKOFF_WITHOUT_INTERVAL = Duration.ofMinutes(1);

  /** First wait for room when the buffer is full; it doubles up to a second. */
  static final Duration FIRST_ROOM_WAIT = Duration.ofMillis(10);

  static final Duration MAX_ROOM_WAIT = Duration.ofSeconds(1);

  /** Pollers of all streams and servers in this JVM: failing ones cannot flood the log. */
  private static final RateLimitedLog failureLog = new RateLimitedLog(log, 1, TimeUnit.MINUTES);

  private Polling() {}

  /**
   * Starts polling for {@code stream}: the first call is submitted at once (on virtual time, due at
   * once).
   */
  public static <P> Cancellable start(
      StreamContext<?> stream, PollSchedule schedule, Class<P> positionType, Poller<P> poller) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(positionType, "positionType");
    Objects.requireNonNull(poller, "poller");
    if (!stream.isActive()) {
      throw new StreamClosedException("stream '" + stream.eventName() + "' has ended");
    }
    // the engine's run behind the context, found through its scheduler (a wrapping context, the
    // testkit's, forwards that): for its virtual time and its buffer's room
    StreamScheduler engineScheduler = stream.scheduler() instanceof StreamScheduler s ? s : null;
    boolean virtual = engineScheduler != null && engineScheduler.isVirtual();
    Loop<P> loop =
        new Loop<>(
            stream,
            schedule,
            positionType,
            poller,
            virtual ? Runnable::run : executor(),
            engineScheduler == null ? null : engineScheduler.run());
    stream.onStop(loop::cancel);
    if (virtual) {
      loop.after(Duration.ZERO); // at the stream's start, on the thread that runs virtual time
    } else {
      loop.submit();
    }
    return loop;
  }

  /**
   * Polling threads shared by all streams: blocking calls never run on gRPC or timer threads, and a
   * thousand polling streams do not make a thousand threads. Idle threads end after 30 s.
   */
  static ExecutorService executor() {
    return Pool.POOL;
  }

  /** Threads of the polling executor; at least 4, so a few slow sources do not stall the rest. */
  static int threads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  private static final class Pool {
    static final ThreadPoolExecutor POOL = create();

    private static ThreadPoolExecutor create() {
      AtomicInteger n = new AtomicInteger();
      int size = threads();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              size,
              size,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(), // at most one task per poll loop: see Loop
              r -> {
                Thread t = new Thread(r, "eventsource-poll-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }

  /** One poll loop. Its fields are touched by one link of the chain at a time. */
  private static final class Loop<P> implements Cancellable {
    private final StreamContext<?> stream;
    private final PollSchedule schedule;
    private final Class<P> positionType;
    private final Poller<P> poller;
    private final Counter failures;
    private final Executor calls;
    private final StreamRun<?> run; // null when the context's scheduler is not the engine's

    private volatile boolean cancelled;
    private Cancellable timer; // guarded by this
    private boolean first = true;
    private Optional<P> last = Optional.empty();
    private Instant planned;
    private int failuresInRow;
    private Duration roomWait = FIRST_ROOM_WAIT;

    /** The items of the last poll not emitted yet (a full buffer refused the next one). */
    private List<Polled<P>> batch;

    private int nextInBatch;

    Loop(
        StreamContext<?> stream,
        PollSchedule schedule,
        Class<P> positionType,
        Poller<P> poller,
        Executor calls,
        StreamRun<?> run) {
      this.stream = stream;
      this.calls = calls;
      this.run = run;
      this.schedule = schedule;
      this.positionType = positionType;
      this.poller = poller;
      this.failures = Counter.builder(FAILURES).register(stream.metrics());
      this.planned = stream.scheduler().now();
    }

    @Override
    public void cancel() {
      Cancellable t;
      synchronized (this) {
        cancelled = true;
        t = timer;
        timer = null;
      }
      if (t != null) {
        t.cancel();
      }
    }

    private boolean live() {
      return !cancelled && stream.isActive();
    }

    void submit() {
      calls.execute(this::step);
    }

    /** Runs the next call (on the polling executor) after {@code delay} of the stream's time. */
    void after(Duration delay) {
      synchronized (this) {
        if (!live()) {
          return;
        }
        try {
          timer = stream.scheduler().schedule(delay, this::submit);
        } catch (StreamClosedException e) {
          // the stream ended meanwhile: nothing more to do
        }
      }
    }

    /** One link: emit what a full buffer held back, or poll and emit. */
    private void step() {
      try {
        if (!live()) {
          return;
        }
        if (batch == null) {
          poll();
        }
        if (batch != null) {
          emitBatch();
        }
      } catch (StreamClosedException e) {
        // the stream ended while this step ran: its items stay unsent, nothing to report
      } catch (RuntimeException | Error e) {
        // a bug of ours, or a schedule that throws: the stream cannot poll on, so it ends
        if (run != null) {
          run.pluginFailed(e); // as for a plugin that throws: logged with an id, counted, ended
        } else if (live()) {
          // a context the engine does not run: the same outcome through the public API
          String id =
              String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
          failureLog.error(
              "schedule|" + stream.eventName(),
              "polling stopped id={} event={}",
              id,
              stream.eventName(),
              e);
          Counter.builder(EngineMetrics.PREFIX + ".plugin.failures")
              .register(stream.metrics())
              .increment();
          stream.end(ErrorStatus.pluginFailed(id));
        }
      }
    }

    private void poll() {
      List<Polled<P>> items;
      try {
        if (first) {
          // a position the type cannot read is a failure like any other: logged, counted, retried
          last = stream.lastPosition(positionType);
          first = false;
        }
        items = poller.poll(last);
        if (items == null) {
          throw new NullPointerException(
              "the poller returned null; return List.of() when nothing is new");
        }
        for (Polled<P> item : items) {
          Objects.requireNonNull(item, "the poller returned a null item");
          if (item.position() != null && !positionType.isInstance(item.position())) {
            throw new ClassCastException(
                "an item's position is a "
                    + item.position().getClass().getName()
                    + ", not the "
                    + positionType.getName()
                    + " the poll was started with");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // not ours to keep: the pool thread stays usable
        failed(e);
        return;
      } catch (Exception e) {
        failed(e);
        return;
      }
      if (!live()) {
        return; // the stream ended or the loop was cancelled during the call: not emitted
      }
      failuresInRow = 0;
      batch = items;
      nextInBatch = 0;
    }

    private void emitBatch() {
      while (nextInBatch < batch.size()) {
        if (!live()) {
          return;
        }
        Polled<P> item = batch.get(nextInBatch);
        if (run != null && !run.hasRoomFor(item.payload())) {
          // a full buffer: wait for room rather than block a polling thread or meet the overflow
          // policy, which would discard the item or end the stream
          waitForRoom();
          return;
        }
        EmitResult result;
        try {
          result = stream.emitter().emit(item.payload(), item.position());
        } catch (StreamClosedException e) {
          return;
        } catch (RuntimeException e) {
          // too large, or a position Jackson cannot write: the rest waits for the next poll,
          // which starts from the last item emitted
          batch = null;
          failed(e);
          return;
        }
        if (result == EmitResult.DROPPED) {
          // filled meanwhile by another thread's emit: neither lose the item nor poll on
          waitForRoom();
          return;
        }
        roomWait = FIRST_ROOM_WAIT;
        if (item.position() != null) {
          last = Optional.of(positionType.cast(item.position()));
        }
        nextInBatch++;
      }
      batch = null;
      scheduleNext();
    }

    /** Tries the held-back item again a little later: 10 ms, doubling up to a second. */
    private void waitForRoom() {
      Duration wait = roomWait;
      roomWait = min(roomWait.multipliedBy(2), MAX_ROOM_WAIT);
      after(wait);
    }

    /** The next planned instant after now; a late poll makes no catch-up polls. */
    private void scheduleNext() {
      Instant now = stream.scheduler().now();
      Instant next = schedule.next(planned);
      while (next != null && !next.isAfter(now)) {
        checkAfter(next, planned);
        planned = next;
        next = schedule.next(planned);
      }
      if (next == null) {
        return; // the schedule plans no more polls
      }
      checkAfter(next, planned);
      planned = next;
      after(Duration.between(now, next));
    }

    private static void checkAfter(Instant next, Instant previous) {
      if (!next.isAfter(previous)) {
        throw new IllegalStateException(
            "the poll schedule returned " + next + ", not after " + previous);
      }
    }

    private void failed(Exception e) {
      if (!live()) {
        return; // the stream's end interrupted the call, for example
      }
      failures.increment();
      failuresInRow++;
      Duration backoff = backoff();
      failureLog.warn(
          "poll|" + stream.eventName() + "|" + e.getClass().getName(),
          "poll failed event={} failures_in_row={} retry_in={}",
          stream.eventName(),
          failuresInRow,
          backoff,
          e);
      after(backoff);
    }

    /** 1 s, 2 s, 4 s, ... per failure in a row, never more than the schedule's interval. */
    private Duration backoff() {
      Instant next = schedule.next(planned);
      Duration cap =
          next == null || !next.isAfter(planned)
              ? BACKOFF_WITHOUT_INTERVAL
              : Duration.between(planned, next);
      Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(failuresInRow - 1, 20));
      return min(d, cap);
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }
}
