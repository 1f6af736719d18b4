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
import io.argogeneric.sdk.Scheduler;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.config.GoDuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One stream's timers: every task is tracked so that the stream's end cancels all of them. */
final class StreamScheduler extends Scheduler {
  private final TimeSource time;
  private final StreamRun<?> run;
  private final Set<Task> tasks = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  StreamScheduler(TimeSource time, StreamRun<?> run) {
    this.time = time;
    this.run = run;
    this.clock = new TimeSourceClock(time, ZoneOffset.UTC);
  }

  @Override
  public Instant now() {
    return time.now();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    return start(new Task(task, null, time.now().plus(nonNegative(delay, "delay"))));
  }

  @Override
  public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + GoDuration.format(period));
    }
    return start(
        new Task(task, period, time.now().plus(nonNegative(initialDelay, "initialDelay"))));
  }

  /** The run this scheduler belongs to, whichever context wraps it. */
  StreamRun<?> run() {
    return run;
  }

  /** Whether this runs on a test's virtual time (see {@link TimeSource#isVirtual}). */
  boolean isVirtual() {
    return time.isVirtual();
  }

  /** Tasks planned and not yet finished or cancelled. */
  int pendingTasks() {
    return tasks.size();
  }

  void cancelAll() {
    for (Task task : tasks) {
      task.cancel();
    }
  }

  private Task start(Task task) {
    Objects.requireNonNull(task.body, "task");
    if (!run.isActive()) {
      throw new StreamClosedException(run.describeEnd());
    }
    tasks.add(task);
    task.arm();
    if (!run.isActive()) {
      task.cancel(); // lost a race with the stream's end: leave nothing behind
    }
    return task;
  }

  private static Duration nonNegative(Duration d, String what) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d;
  }

  private final class Task implements Cancellable, Runnable {
    final Runnable body;
    final Duration period;
    Instant due;
    private Cancellable handle;
    private boolean cancelled;

    Task(Runnable body, Duration period, Instant due) {
      this.body = body;
      this.period = period;
      this.due = due;
    }

    synchronized void arm() {
      if (!cancelled) {
        Duration delay = Duration.between(time.now(), due);
        handle = time.schedule(delay.isNegative() ? Duration.ZERO : delay, this);
      }
    }

    @Override
    public void cancel() {
      Cancellable h;
      synchronized (this) {
        cancelled = true;
        h = handle;
        handle = null;
      }
      tasks.remove(this);
      if (h != null) {
        h.cancel();
      }
    }

    @Override
    public void run() {
      synchronized (this) {
        if (cancelled) {
          return;
        }
      }
      if (!run.isActive()) {
        cancel();
        return;
      }
      try {
        body.run();
      } catch (StreamClosedException e) {
        cancel(); // the stream ended while the task ran: nothing to report
        return;
      } catch (Throwable t) {
        cancel();
        run.pluginFailed(t);
        return;
      }
      if (period == null) {
        cancel();
      } else {
        synchronized (this) {
          due = due.plus(period);
        }
        arm();
      }
    }
  }

  /** A {@link Clock} over a {@link TimeSource}, so virtual time reaches APIs that take a Clock. */
  static final class TimeSourceClock extends Clock {
    private final TimeSource time;
    private final ZoneId zone;

    TimeSourceClock(TimeSource time, ZoneId zone) {
      this.time = time;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
      return new TimeSourceClock(time, newZone);
    }

    @Override
    public Instant instant() {
      return time.now();
    }
  }
}
