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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.ConfigErrors;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps the plugin under test so the kit can tell when a run's {@code start} has returned and its
 * stop actions have run, see what each run emitted, and make starts fail on purpose. Every other
 * hook goes straight to the real plugin, so the engine runs the plugin as a server would (its
 * outbox above all); {@code TrackedForwardingTest} fails when {@link EventingServer} gains a hook
 * that is not forwarded here.
 */
final class TrackedPlugin<C> extends EventingServer<C> {
  private final EventingServer<C> delegate;
  private final AtomicInteger runsCreated = new AtomicInteger();
  private final AtomicInteger startsReturned = new AtomicInteger();
  private final AtomicInteger runsStopped = new AtomicInteger();
  private final AtomicInteger emitsAfterStop = new AtomicInteger();
  private final List<TrackedContext<C>> runs = new CopyOnWriteArrayList<>();
  private final Set<String> failingNames = ConcurrentHashMap.newKeySet();
  private volatile Duration blockTimeoutCap;

  private TrackedPlugin(EventingServer<C> delegate) {
    super(delegate.configType());
    this.delegate = delegate;
  }

  static <C> TrackedPlugin<C> wrap(EventingServer<C> plugin) {
    return new TrackedPlugin<>(plugin);
  }

  EventingServer<C> delegate() {
    return delegate;
  }

  @Override
  public void start(StreamContext<C> stream) throws Exception {
    TrackedContext<C> run = new TrackedContext<>(stream, this);
    runs.add(run);
    // registered first, so it runs last: after every stop action of the plugin
    stream.onStop(run::markStopped);
    try {
      if (failingNames.contains(stream.eventName())) {
        throw new IllegalStateException(
            "testkit: start fails on purpose for '" + stream.eventName() + "'");
      }
      delegate.start(run);
    } finally {
      startsReturned.incrementAndGet();
    }
  }

  @Override
  public void validate(C config, ConfigErrors errors) {
    delegate.validate(config, errors);
  }

  @Override
  public String exampleConfig() {
    return delegate.exampleConfig();
  }

  @Override
  public Optional<OutboxSettings> outbox() {
    return delegate.outbox();
  }

  /** The engine asks once per run it creates, before the run starts: the kit counts runs here. */
  @Override
  public StreamSettings streamSettings() {
    runsCreated.incrementAndGet();
    return settings();
  }

  /** The settings the engine gets, without counting a run. */
  StreamSettings settings() {
    StreamSettings settings = delegate.streamSettings();
    Duration cap = blockTimeoutCap;
    if (cap != null && settings.blockTimeout().compareTo(cap) > 0) {
      settings = settings.withBlockTimeout(cap);
    }
    return settings;
  }

  /** Runs the engine has created (a stream that took over an outbox run creates none). */
  int runsCreated() {
    return runsCreated.get();
  }

  int startsReturned() {
    return startsReturned.get();
  }

  int runsStarted() {
    return runs.size();
  }

  int runsStopped() {
    return runsStopped.get();
  }

  int emitsAfterStop() {
    return emitsAfterStop.get();
  }

  List<TrackedContext<C>> runs() {
    return runs;
  }

  void failStartsFor(String eventName) {
    failingNames.add(eventName);
  }

  void capBlockTimeout(Duration cap) {
    this.blockTimeoutCap = cap;
  }

  void stopped() {
    runsStopped.incrementAndGet();
  }

  void emittedAfterStop() {
    emitsAfterStop.incrementAndGet();
  }
}
