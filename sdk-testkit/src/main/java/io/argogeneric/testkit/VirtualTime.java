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

import io.argogeneric.sdk.Cancellable;
import io.argogeneric.sdk.config.GoDuration;
import io.argogeneric.sdk.internal.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that moves only when a test says so, and the timers that go with it. Give it to an {@link
 * EventSourceExtension} with {@link EventSourceExtension#withVirtualTime} and every stream's {@link
 * io.argogeneric.sdk.Scheduler} runs on it: a test advances a day in microseconds and sees exactly
 * the events that day produces.
 *
 * <p>Deterministic: {@link #advance} runs the tasks that fall due on the calling thread, one at a
 * time, in order of due time (ties in order of scheduling), with {@link #now()} set to each task's
 * due time while it runs. Tasks scheduled while advancing run too if they fall due within the
 * advance. A task scheduled with no delay runs at the next advance, even {@code advance(ZERO)}. A
 * task that throws stops the advance and the exception reaches the caller, with the clock at that
 * task's due time.
 *
 * @since 0.1.0
 */
public final class VirtualTime {
  private final Object lock = new Object();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  // one advance at a time, so tasks never run concurrently; reentrant for a task that advances
  private final ReentrantLock advancing = new ReentrantLock();
  private Instant now;
  private long sequence;

  private VirtualTime(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * This clock as the engine's time source. Package-private, so that the engine's type stays out of
   * the testkit's public API (VirtualTime used to implement it).
   */
  TimeSource asTimeSource() {
    return new TimeSource() {
      @Override
      public Instant now() {
        return VirtualTime.this.now();
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable task) {
        return VirtualTime.this.schedule(delay, task);
      }

      @Override
      public boolean isVirtual() {
        return true; // polls run on the advancing thread, like timers
      }
    };
  }

  /** Virtual time whose clock reads {@code start} until it is advanced. */
  public static VirtualTime startingAt(Instant start) {
    return new VirtualTime(start);
  }

  /** The virtual clock's reading. */
  public Instant now() {
    synchronized (lock) {
      return now;
    }
  }

  /**
   * Runs {@code task} once when an advance reaches {@code delay} from now; the handle cancels it.
   */
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + GoDuration.format(delay));
    }
    synchronized (lock) {
      Entry entry = new Entry(now.plus(delay), sequence++, task);
      queue.add(entry);
      return () -> {
        synchronized (lock) {
          queue.remove(entry);
        }
      };
    }
  }

  /** Moves the clock forward by {@code by}, running every task that falls due on the way. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative duration: " + by);
    }
    advanceTo(now().plus(by));
  }

  /**
   * Moves the clock to {@code when}, running every task due at or before it.
   *
   * @throws IllegalArgumentException when {@code when} is before {@link #now()}
   */
  public void advanceTo(Instant when) {
    advancing.lock();
    try {
      synchronized (lock) {
        if (when.isBefore(now)) {
          throw new IllegalArgumentException(
              "cannot move virtual time back from " + now + " to " + when);
        }
      }
      while (true) {
        Entry next;
        synchronized (lock) {
          next = queue.peek();
          if (next == null || next.due.isAfter(when)) {
            now = when;
            return;
          }
          queue.poll();
          if (next.due.isAfter(now)) {
            now = next.due;
          }
        }
        next.task.run(); // outside the lock: the task may schedule or cancel
      }
    } finally {
      advancing.unlock();
    }
  }

  /** Tasks scheduled and not yet run or cancelled. */
  public int pendingTasks() {
    synchronized (lock) {
      return queue.size();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "VirtualTime[now=" + now + ", pending=" + queue.size() + "]";
    }
  }

  private record Entry(Instant due, long seq, Runnable task) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
