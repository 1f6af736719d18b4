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

/**
 * The firehose on the SDK: fixed-size events stamped with their emit time ({@link Payloads}), flat
 * out or paced. Flat out, one thread per stream emits in a loop and the default {@code BLOCK}
 * overflow policy makes it wait while the buffer is full, so flow control paces it with no
 * spinning. Paced streams run on the stream's {@link Scheduler}, with no thread of their own.
 */
public final class FirehoseEventSource extends EventingServer<FirehoseConfig> {
  private final AtomicInteger threads = new AtomicInteger();

  public FirehoseEventSource() {
    super(FirehoseConfig.class);
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
    if (plan.flatOut()) {
      // start() must return promptly, and a flat-out loop blocks in emit: it gets its own thread
      Thread t = new Thread(() -> emitFlatOut(stream, plan), "firehose-" + threads.incrementAndGet());
      t.setDaemon(true);
      t.start();
    } else {
      emitPaced(stream, plan);
    }
  }

  private static void emitFlatOut(StreamContext<FirehoseConfig> stream, FirehosePlan plan) {
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

  private static void emitPaced(StreamContext<FirehoseConfig> stream, FirehosePlan plan) {
    Scheduler scheduler = stream.scheduler();
    Emitter emitter = stream.emitter();
    Instant started = scheduler.now();
    long[] sent = {0}; // touched by one tick at a time: fixed-rate tasks never overlap
    scheduler.scheduleAtFixedRate(Duration.ZERO, plan.tick(), () -> {
      Instant now = scheduler.now();
      long due = plan.due(Duration.between(started, now));
      long stamp = Payloads.epochMicros(now);
      while (sent[0] < due) {
        emitter.emit(Payloads.create(plan.payloadSize(), stamp, sent[0]++));
      }
    });
  }
}
