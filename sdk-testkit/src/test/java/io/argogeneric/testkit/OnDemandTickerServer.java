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
import io.argogeneric.sdk.OnDemand;
import io.argogeneric.sdk.PayloadSource;
import io.argogeneric.sdk.Scheduler;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The ticker as an on-demand source: {"n": 1}, {"n": 2}, ... one per {@code interval} elapsed, each
 * made only when the SDK asks for it; a timer wakes the source when the next tick falls due.
 */
public final class OnDemandTickerServer extends EventingServer<TickerServer.Config> {
  private final TickerServer rules = new TickerServer();

  public OnDemandTickerServer() {
    super(TickerServer.Config.class);
  }

  @Override
  public void validate(TickerServer.Config config, ConfigErrors errors) {
    rules.validate(config, errors);
  }

  @Override
  public void start(StreamContext<TickerServer.Config> stream) {
    Scheduler clock = stream.scheduler();
    Duration every = stream.config().interval();
    Instant started = clock.now();
    String pad = "x".repeat(stream.config().padding());
    long[] made = {0}; // next() is never called on two threads at once
    PayloadSource ticks =
        () -> {
          long due = Duration.between(started, clock.now()).dividedBy(every);
          if (made[0] >= due) {
            return null; // the timer below wakes the source when the next tick falls due
          }
          return ("{\"n\":" + ++made[0] + ",\"pad\":\"" + pad + "\"}")
              .getBytes(StandardCharsets.UTF_8);
        };
    OnDemand demand = stream.emitter().emitOnDemand(ticks);
    clock.scheduleAtFixedRate(every, every, demand::wake);
  }
}
