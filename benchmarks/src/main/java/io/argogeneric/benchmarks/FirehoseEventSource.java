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
package io.argogeneric.benchmarks;

import io.argogeneric.sdk.Emitter;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.Scheduler;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The firehose on the SDK: fixed-size events stamped with their emit time ({@link Payloads}), flat
 * out or paced. Flat out, by default each event is made on demand ({@link Emitter#emitOnDemand}):
 * the SDK asks for it when the client can take it, as the hand-written baseline makes its events
 * inside onReady. With {@code --emit push}, one thread per stream emits in a loop instead and the
 * default {@code BLOCK} overflow policy makes it wait while the buffer is full, which measures the
 * push path every other kind of source takes. Paced streams run on the stream's {@link Scheduler},
 * with no thread of their own.
 */
public final class FirehoseEventSource extends EventingServer<FirehoseConfig> {
  /** How flat-out streams hand their events to the SDK. */
  public enum EmitMode {
    /** The SDK asks for each event when the transport is ready. */
    ON_DEMAND,
    /** A thread per stream emits into the stream's buffer. */
    PUSH
  }

  @Option(
      names = "--emit",
      defaultValue = "on-demand",
      paramLabel = "MODE",
      converter = EmitModeConverter.class,
      description =
          "How flat-out streams emit: on-demand (the SDK asks for each event when the client can "
              + "take it) or push (a thread per stream emits into the buffer). Default: ${DEFAULT-VALUE}.")
  private EmitMode emitMode = EmitMode.ON_DEMAND;

  private final AtomicInteger threads = new AtomicInteger();

  public FirehoseEventSource() {
    super(FirehoseConfig.class);
  }

  /**
   * A firehose whose flat-out streams emit in {@code mode}, for benchmarks that build it
   * in-process.
   */
  public FirehoseEventSource(EmitMode mode) {
    this();
    this.emitMode = mode;
  }

  public static void main(String[] args) {
    new FirehoseEventSource().run(args);
  }

  @Override
  public void validate(FirehoseConfig config, ConfigErrors errors) {
    for (String problem : config.plan().problems()) {
      int colon = problem.indexOf(':');
      errors.add(problem.substring(0, colon), problem.substring(colon + 2));
    }
  }

  @Override
  public void start(StreamContext<FirehoseConfig> stream) {
    FirehosePlan plan = stream.config().plan();
    if (plan.flatOut() && emitMode == EmitMode.ON_DEMAND) {
      pullFlatOut(stream, plan);
    } else if (plan.flatOut()) {
      // start() must return promptly, and a flat-out loop blocks in emit: it gets its own thread
      Thread t =
          new Thread(() -> pushFlatOut(stream, plan), "firehose-" + threads.incrementAndGet());
      t.setDaemon(true);
      t.start();
    } else {
      emitPaced(stream, plan);
    }
  }

  private static void pullFlatOut(StreamContext<FirehoseConfig> stream, FirehosePlan plan) {
    Scheduler clock = stream.scheduler();
    long[] seq = {0}; // next() is never called on two threads at once
    stream
        .emitter()
        .emitOnDemand(
            () ->
                plan.done(seq[0])
                    ? null
                    : Payloads.create(
                        plan.payloadSize(), Payloads.epochMicros(clock.now()), seq[0]++));
  }

  private static void pushFlatOut(StreamContext<FirehoseConfig> stream, FirehosePlan plan) {
    Emitter emitter = stream.emitter();
    Scheduler clock = stream.scheduler();
    long seq = 0;
    try {
      while (stream.isActive() && !plan.done(seq)) {
        emitter.emit(Payloads.create(plan.payloadSize(), Payloads.epochMicros(clock.now()), seq++));
      }
    } catch (StreamClosedException e) {
      // the client went away: this run is over
    }
  }

  /** Accepts {@code on-demand} and {@code push}, as the help text spells them. */
  static final class EmitModeConverter implements ITypeConverter<EmitMode> {
    @Override
    public EmitMode convert(String value) {
      return switch (value) {
        case "on-demand" -> EmitMode.ON_DEMAND;
        case "push" -> EmitMode.PUSH;
        default ->
            throw new TypeConversionException("expected on-demand or push, got '" + value + "'");
      };
    }
  }

  private static void emitPaced(StreamContext<FirehoseConfig> stream, FirehosePlan plan) {
    Scheduler scheduler = stream.scheduler();
    Emitter emitter = stream.emitter();
    Instant started = scheduler.now();
    long[] sent = {0}; // touched by one tick at a time: fixed-rate tasks never overlap
    scheduler.scheduleAtFixedRate(
        Duration.ZERO,
        plan.tick(),
        () -> {
          Instant now = scheduler.now();
          long due = plan.due(Duration.between(started, now));
          long stamp = Payloads.epochMicros(now);
          while (sent[0] < due) {
            emitter.emit(Payloads.create(plan.payloadSize(), stamp, sent[0]++));
          }
        });
  }
}
