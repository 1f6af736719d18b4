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

import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.StateStore;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of the {@link StateStore}: one {@link Slot} per identity that has a run, shared
 * by all its runs, holding the newest position in memory. Recording a position is a field write on
 * the thread that hands the event over (a gRPC thread, or the emitting one with an outbox); with a
 * persistent store the newest one is then written on the store I/O threads, coalesced (one write
 * queued per identity at a time, latest wins), and once more when the identity's last run ends.
 */
final class Positions {
  private static final Logger log = LoggerFactory.getLogger(Positions.class);

  private final StateStore store;
  private final Supplier<Executor> io;
  private final RateLimitedLog failureLog = new RateLimitedLog(log, 1, TimeUnit.MINUTES);
  private final Counter writeFailures;
  private final Map<String, Slot> slots = new HashMap<>(); // guarded by itself

  Positions(StateStore store, Supplier<Executor> io, EngineMetrics metrics) {
    this.store = store;
    this.io = io;
    this.writeFailures =
        Counter.builder(EngineMetrics.PREFIX + ".position.write.failures")
            .description("Positions the store could not write (the next write retries)")
            .register(metrics.registry());
  }

  StateStore store() {
    return store;
  }

  /**
   * The slot of an identity, its state opened (and read) on first use. Blocking: call it off gRPC
   * threads. Each acquire needs one {@link #release}.
   */
  Slot acquire(String eventName, String configHash) throws IOException {
    String key = eventName + "/" + configHash;
    while (true) {
      Slot slot;
      CompletableFuture<Void> closing = null;
      synchronized (slots) {
        slot = slots.computeIfAbsent(key, Slot::new);
        if (slot.closing) {
          closing = slot.closed;
        } else {
          slot.refs++;
        }
      }
      if (closing != null) {
        closing.join(); // its last write is under way (not queued): a short wait
        continue;
      }
      try {
        slot.load(eventName, configHash);
      } catch (IOException | RuntimeException e) {
        release(slot);
        throw e;
      }
      return slot;
    }
  }

  /** One run of the slot's identity is over; the last one writes the position and closes it. */
  void release(Slot slot) {
    synchronized (slots) {
      if (--slot.refs > 0) {
        return;
      }
    }
    runOnIo(() -> closeIfUnused(slot));
  }

  private void closeIfUnused(Slot slot) {
    synchronized (slots) {
      if (slot.refs > 0 || slot.closing || slots.get(slot.key) != slot) {
        return; // taken again meanwhile, or already closed
      }
      slot.closing = true;
    }
    try {
      slot.close();
    } finally {
      synchronized (slots) {
        slots.remove(slot.key, slot);
      }
      slot.closed.complete(null);
    }
  }

  /** At shutdown, after every run ended: writes and closes every identity, then the store. */
  void closeAll() {
    List<Slot> all;
    synchronized (slots) {
      all = new ArrayList<>(slots.values());
      for (Slot s : all) {
        s.closing = true;
      }
      slots.clear();
    }
    for (Slot s : all) {
      try {
        s.close();
      } finally {
        s.closed.complete(null);
      }
    }
    try {
      store.close();
    } catch (IOException | RuntimeException e) {
      log.warn("store {}: close failed: {}", store, e.toString());
    }
  }

  /** Identities with a slot now (tests). */
  int openIdentities() {
    synchronized (slots) {
      return slots.size();
    }
  }

  private void runOnIo(Runnable task) {
    if (!store.persistent()) {
      task.run(); // memory: field writes, no I/O
      return;
    }
    try {
      io.get().execute(task);
    } catch (RejectedExecutionException e) {
      task.run(); // shutting down: closeAll takes what is left
    }
  }

  /** One identity's state while it has runs. */
  final class Slot {
    final String key;
    int refs; // guarded by slots
    boolean closing; // guarded by slots
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile IdentityState state; // set once by load
    private volatile byte[] latest;
    private final Object writeLock = new Object();
    private byte[] written; // guarded by writeLock
    private final AtomicBoolean writeQueued = new AtomicBoolean();

    Slot(String key) {
      this.key = key;
    }

    private synchronized void load(String eventName, String configHash) throws IOException {
      if (state == null) {
        IdentityState opened = store.open(eventName, configHash);
        byte[] p;
        try {
          p = opened.position();
        } catch (IOException e) {
          // a position that cannot be read is not a reason to refuse the stream: start from none
          log.warn("store {}: position of {} unreadable ({}); none used", store, key, e.toString());
          p = null;
        }
        synchronized (writeLock) {
          written = p;
        }
        latest = p;
        state = opened;
      }
    }

    IdentityState state() {
      return state;
    }

    /** The newest position recorded for this identity, encoded; null when none. */
    byte[] latest() {
      return latest;
    }

    /** Records {@code encoded} as the identity's position; cheap, any thread. */
    void record(byte[] encoded) {
      latest = encoded;
      if (store.persistent() && writeQueued.compareAndSet(false, true)) {
        try {
          io.get()
              .execute(
                  () -> {
                    writeQueued.set(false); // a record from now on queues another write
                    write();
                  });
        } catch (RejectedExecutionException e) {
          writeQueued.set(false); // shutting down: closeAll writes it
        }
      }
    }

    private void write() {
      synchronized (writeLock) {
        byte[] p = latest;
        IdentityState s = state();
        if (p == null || p == written || s == null) {
          return;
        }
        try {
          s.putPosition(p);
          written = p;
        } catch (IOException | RuntimeException e) {
          writeFailures.increment();
          failureLog.warn(
              "position-write",
              "store {}: cannot write the position of {} ({}); a restart would resume from an older"
                  + " one",
              store,
              key,
              e.toString());
        }
      }
    }

    private void close() {
      write();
      IdentityState s = state();
      if (s != null) {
        try {
          s.close();
        } catch (RuntimeException e) {
          log.warn("store {}: closing {} failed: {}", store, key, e.toString());
        }
      }
    }
  }
}
