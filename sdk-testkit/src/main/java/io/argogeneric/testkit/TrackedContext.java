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

import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.Emitter;
import io.argogeneric.sdk.OnDemand;
import io.argogeneric.sdk.PayloadSource;
import io.argogeneric.sdk.Scheduler;
import io.argogeneric.sdk.StreamContext;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One tracked run: the real context, with an emitter that records what the plugin emitted. {@link
 * #poll} is not forwarded: the SDK's polling works through this context's emitter and scheduler, so
 * polled events are recorded and virtual time drives the polls.
 */
final class TrackedContext<C> extends StreamContext<C> {
  /** Enough to check order; a firehose test must not keep every payload alive. */
  static final int MAX_RECORDED = 10_000;

  private final StreamContext<C> delegate;
  private final TrackedPlugin<C> plugin;
  private final Emitter emitter = new RecordingEmitter();
  private final Object emitLock = new Object();
  private final List<byte[]> accepted = new ArrayList<>(); // guarded by itself
  private volatile boolean stopped;
  private volatile boolean onDemand;

  TrackedContext(StreamContext<C> delegate, TrackedPlugin<C> plugin) {
    this.delegate = delegate;
    this.plugin = plugin;
  }

  void markStopped() {
    stopped = true;
    plugin.stopped();
  }

  boolean isStopped() {
    return stopped;
  }

  /** Whether this run registered an on-demand source, whose events never wait in the buffer. */
  boolean usesOnDemand() {
    return onDemand;
  }

  /**
   * Payloads the SDK accepted from this run, in the order it accepted them (at most {@link
   * #MAX_RECORDED}).
   */
  List<byte[]> accepted() {
    synchronized (accepted) {
      return new ArrayList<>(accepted);
    }
  }

  @Override
  public String eventName() {
    return delegate.eventName();
  }

  @Override
  public C config() {
    return delegate.config();
  }

  @Override
  public Emitter emitter() {
    return emitter;
  }

  @Override
  public Scheduler scheduler() {
    return delegate.scheduler();
  }

  @Override
  public String peer() {
    return delegate.peer();
  }

  @Override
  public boolean isActive() {
    return delegate.isActive();
  }

  @Override
  public void onStop(AutoCloseable action) {
    delegate.onStop(action);
  }

  @Override
  public <R> R shared(
      String key,
      Class<R> type,
      Supplier<R> opener,
      java.util.function.Consumer<? super R> closer) {
    return delegate.shared(key, type, opener, closer);
  }

  @Override
  public <P> java.util.Optional<P> lastPosition(Class<P> type) {
    return delegate.lastPosition(type);
  }

  @Override
  public io.micrometer.core.instrument.MeterRegistry metrics() {
    return delegate.metrics();
  }

  @Override
  public void end(Status status) {
    delegate.end(status);
  }

  private void record(byte[] payload) {
    synchronized (accepted) {
      if (accepted.size() < MAX_RECORDED) {
        accepted.add(payload);
      }
    }
  }

  private final class RecordingEmitter extends Emitter {
    @Override
    public OnDemand emitOnDemand(PayloadSource source) {
      // a pulled payload is written as soon as it is made: record it then, in the writer's order
      OnDemand demand =
          delegate
              .emitter()
              .emitOnDemand(
                  () -> {
                    synchronized (emitLock) {
                      byte[] payload = source.next();
                      if (payload != null) {
                        record(payload);
                      }
                      return payload;
                    }
                  });
      onDemand = true;
      return demand;
    }

    @Override
    public EmitResult emit(byte[] payload, Object position) {
      if (stopped) {
        plugin.emittedAfterStop();
      }
      // emit and record under one lock, so the record's order is the buffer's order
      synchronized (emitLock) {
        EmitResult result = delegate.emitter().emit(payload, position);
        if (result == EmitResult.ACCEPTED) {
          record(payload);
        }
        return result;
      }
    }
  }
}
