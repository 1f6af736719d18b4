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

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Opens N firehose streams and reads them like Argo's client: one thread per stream on a blocking
 * stub, one event at a time, each handled before the next is read. Prints one summary line of
 * {@code key=value} pairs. With {@code --idle} it instead holds N streams without a thread each
 * (async stubs), for the idle-streams test, and reports how fast they were set up.
 */
public final class LoadClient {

  /**
   * What to run.
   *
   * @param streams streams to open
   * @param channels connections to spread them over; Argo opens one per stream
   * @param durationSeconds how long to measure, after the warm-up; with {@code count}, the most to
   *     wait
   * @param count events per stream to measure, 0 to measure for {@code durationSeconds}
   * @param warmupSeconds events read during this time are not measured
   * @param serverPid the server's PID for its CPU time, or 0
   * @param idle hold the streams instead of measuring throughput
   */
  public record Options(
      String host,
      int port,
      int streams,
      int channels,
      double durationSeconds,
      long count,
      int payloadSize,
      double rate,
      double warmupSeconds,
      long serverPid,
      boolean idle) {

    public Options {
      if (streams < 1) {
        throw new IllegalArgumentException("--streams must be at least 1: " + streams);
      }
      if (channels < 1) {
        throw new IllegalArgumentException("--channels must be at least 1: " + channels);
      }
      if (!(durationSeconds > 0)) {
        throw new IllegalArgumentException("--duration must be positive: " + durationSeconds);
      }
      if (count < 0 || warmupSeconds < 0) {
        throw new IllegalArgumentException("--count and --warmup must not be negative");
      }
      if (!new FirehosePlan(payloadSize, rate, 0).problems().isEmpty()) {
        throw new IllegalArgumentException(
            String.join("; ", new FirehosePlan(payloadSize, rate, 0).problems()));
      }
    }

    FirehosePlan plan() {
      return new FirehosePlan(payloadSize, rate, 0);
    }

    static Options parse(String... args) {
      String host = "localhost";
      int port = -1;
      int streams = 1;
      int channels = -1;
      double duration = 10;
      long count = 0;
      int payloadSize = FirehosePlan.DEFAULT_PAYLOAD_SIZE;
      double rate = 0;
      double warmup = 0;
      long pid = 0;
      boolean idle = false;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--idle")) {
          idle = true;
          continue;
        }
        String value;
        int eq = flag.indexOf('=');
        if (eq > 0) {
          value = flag.substring(eq + 1);
          flag = flag.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        try {
          switch (flag) {
            case "--host" -> host = value;
            case "--port" -> port = Integer.parseInt(value);
            case "--streams" -> streams = Integer.parseInt(value);
            case "--channels" -> channels = Integer.parseInt(value);
            case "--duration" -> duration = Double.parseDouble(value);
            case "--count" -> count = Long.parseLong(value);
            case "--payload-size" -> payloadSize = Integer.parseInt(value);
            case "--rate" -> rate = Double.parseDouble(value);
            case "--warmup" -> warmup = Double.parseDouble(value);
            case "--server-pid" -> pid = Long.parseLong(value);
            default -> throw new IllegalArgumentException("unknown flag " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + ": not a number: " + value, e);
        }
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port is required (0..65535)");
      }
      return new Options(
          host,
          port,
          streams,
          channels < 0 ? streams : channels,
          duration,
          count,
          payloadSize,
          rate,
          warmup,
          pid,
          idle);
    }
  }

  /** The outcome; {@link #line()} is what {@code main} prints. */
  public record Summary(
      int streams,
      int payloadSize,
      double rate,
      double seconds,
      long events,
      long bytes,
      long p50Micros,
      long p99Micros,
      long p999Micros,
      long maxMicros,
      long lost,
      int failedStreams,
      double clientCpuSeconds,
      double serverCpuSeconds,
      double serverJitSeconds,
      double setupSeconds) {

    public double eventsPerSecond() {
      return events / seconds;
    }

    public String line() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "streams=%d payload=%d rate=%s seconds=%.3f events=%d events_per_s=%.0f bytes_per_s=%.0f "
                  + "p50_us=%d p99_us=%d p999_us=%d max_us=%d lost=%d failed_streams=%d client_cpu_s=%.3f",
              streams,
              payloadSize,
              ToolMain.plainNumber(rate),
              seconds,
              events,
              events / seconds,
              bytes / seconds,
              p50Micros,
              p99Micros,
              p999Micros,
              maxMicros,
              lost,
              failedStreams,
              clientCpuSeconds));
      if (!Double.isNaN(serverCpuSeconds)) {
        b.append(
            String.format(
                Locale.ROOT,
                " server_cpu_s=%.3f server_cpu_us_per_event=%.3f",
                serverCpuSeconds,
                events == 0 ? Double.NaN : serverCpuSeconds * 1e6 / events));
        double work = serverCpuSeconds - serverJitSeconds;
        b.append(
            String.format(
                Locale.ROOT,
                " server_jit_s=%.3f server_work_us_per_event=%.3f",
                serverJitSeconds,
                events == 0 ? Double.NaN : work * 1e6 / events));
      }
      if (!Double.isNaN(setupSeconds)) {
        b.append(
            String.format(
                Locale.ROOT,
                " setup_s=%.3f setup_per_s=%.0f",
                setupSeconds,
                streams / setupSeconds));
      }
      return b.toString();
    }
  }

  private LoadClient() {}

  public static void main(String[] args) throws InterruptedException {
    Summary summary = run(ToolMain.parseOrExit(args, Options::parse));
    System.out.println(summary.line());
    System.exit(summary.failedStreams() > 0 ? 1 : 0);
  }

  /** Runs the load and returns its summary; what {@code main} does, callable from tests. */
  public static Summary run(Options o) throws InterruptedException {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < o.channels(); i++) {
      channels.add(NettyChannelBuilder.forAddress(o.host(), o.port()).usePlaintext().build());
    }
    try {
      return o.idle() ? holdIdle(o, channels) : measure(o, channels);
    } finally {
      for (ManagedChannel c : channels) {
        c.shutdownNow();
      }
      for (ManagedChannel c : channels) {
        c.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static EventSource request(Options o, int stream) {
    return EventSource.newBuilder()
        .setName("firehose-" + stream)
        .setConfig(ByteString.copyFromUtf8(o.plan().toConfig()))
        .build();
  }

  /** What one reader saw; written by its thread only, read after it ends. */
  private static final class Reader {
    final LatencyHistogram latency = new LatencyHistogram();
    long events;
    long bytes;
    long nextSeq;
    long lost;
    volatile Throwable failure;

    /** Returns the events measured so far. */
    void onEvent(Event e, boolean measuring) {
      long received = Payloads.epochMicros(Instant.now());
      ByteString payload = e.getPayload();
      long seq = Payloads.sequence(payload);
      if (seq > nextSeq) {
        lost += seq - nextSeq;
      }
      nextSeq = seq + 1;
      if (measuring) {
        latency.record(received - Payloads.emitEpochMicros(payload));
        events++;
        bytes += payload.size();
      }
    }
  }

  private static final int WARMUP = 0;
  private static final int MEASURING = 1;
  private static final int DONE = 2;

  private static Summary measure(Options o, List<ManagedChannel> channels)
      throws InterruptedException {
    AtomicLong phase = new AtomicLong(o.warmupSeconds() > 0 ? WARMUP : MEASURING);
    List<Reader> readers = new ArrayList<>();
    List<Context.CancellableContext> contexts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CountDownLatch counted = new CountDownLatch(o.count() > 0 ? o.streams() : 0);
    for (int i = 0; i < o.streams(); i++) {
      Reader reader = new Reader();
      Context.CancellableContext ctx = Context.current().withCancellation();
      EventingGrpc.EventingBlockingStub stub =
          EventingGrpc.newBlockingStub(channels.get(i % channels.size()));
      EventSource request = request(o, i);
      Thread t =
          new Thread(
              () ->
                  ctx.run(
                      () -> {
                        boolean countedDown = false;
                        try {
                          Iterator<Event> events = stub.startEventSource(request);
                          while (events.hasNext()) {
                            Event e = events.next();
                            long p = phase.get();
                            if (p == DONE) {
                              break;
                            }
                            reader.onEvent(e, p == MEASURING);
                            if (!countedDown && o.count() > 0 && reader.events >= o.count()) {
                              countedDown = true;
                              counted.countDown();
                              break; // Argo never stops reading, but a --count run is over for this
                              // stream
                            }
                          }
                        } catch (StatusRuntimeException e) {
                          if (e.getStatus().getCode() != Status.Code.CANCELLED
                              || phase.get() != DONE) {
                            reader.failure = e;
                          }
                        } catch (RuntimeException e) {
                          reader.failure = e;
                        } finally {
                          if (!countedDown && o.count() > 0) {
                            counted.countDown();
                          }
                          ctx.cancel(null);
                        }
                      }),
              "reader-" + i);
      t.setDaemon(true);
      readers.add(reader);
      contexts.add(ctx);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    if (o.warmupSeconds() > 0) {
      Thread.sleep((long) (o.warmupSeconds() * 1000));
    }
    ProcessCpu.Snapshot server0 = o.serverPid() > 0 ? ProcessCpu.snapshot(o.serverPid()) : null;
    double clientCpu0 = ProcessCpu.ownSeconds();
    long t0 = System.nanoTime();
    phase.set(MEASURING);
    if (o.count() > 0) {
      counted.await((long) (o.durationSeconds() * 1000), TimeUnit.MILLISECONDS);
    } else {
      Thread.sleep((long) (o.durationSeconds() * 1000));
    }
    phase.set(DONE);
    long t1 = System.nanoTime();
    double clientCpu = ProcessCpu.ownSeconds() - clientCpu0;
    ProcessCpu.Snapshot server1 = o.serverPid() > 0 ? ProcessCpu.snapshot(o.serverPid()) : null;
    contexts.forEach(c -> c.cancel(null));
    for (Thread t : threads) {
      t.join(10_000);
    }
    LatencyHistogram all = new LatencyHistogram();
    long events = 0;
    long bytes = 0;
    long lost = 0;
    int failed = 0;
    for (Reader r : readers) {
      all.add(r.latency);
      events += r.events;
      bytes += r.bytes;
      lost += r.lost;
      if (r.failure != null) {
        failed++;
        if (failed == 1) {
          System.err.println("stream failed: " + r.failure);
        }
      }
    }
    return new Summary(
        o.streams(),
        o.payloadSize(),
        o.rate(),
        (t1 - t0) / 1e9,
        events,
        bytes,
        all.percentile(0.50),
        all.percentile(0.99),
        all.percentile(0.999),
        all.max(),
        lost,
        failed,
        clientCpu,
        serverCpu(server0, server1),
        serverJit(server0, server1),
        Double.NaN);
  }

  private static double serverCpu(ProcessCpu.Snapshot before, ProcessCpu.Snapshot after) {
    return before == null ? Double.NaN : after.secondsSince(before);
  }

  private static double serverJit(ProcessCpu.Snapshot before, ProcessCpu.Snapshot after) {
    return before == null ? Double.NaN : after.jitSecondsSince(before);
  }

  private static Summary holdIdle(Options o, List<ManagedChannel> channels)
      throws InterruptedException {
    CountDownLatch firstEvents = new CountDownLatch(o.streams());
    AtomicLong events = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong failed = new AtomicLong();
    List<ClientCallStreamObserver<EventSource>> calls = new ArrayList<>();
    Function<Integer, ClientResponseObserver<EventSource, Event>> observer =
        i ->
            new ClientResponseObserver<>() {
              boolean first = true;

              @Override
              public void beforeStart(ClientCallStreamObserver<EventSource> call) {
                synchronized (calls) {
                  calls.add(call);
                }
              }

              @Override
              public void onNext(Event value) {
                events.incrementAndGet();
                if (first) {
                  first = false;
                  firstEvents.countDown();
                }
              }

              @Override
              public void onError(Throwable t) {
                if (Status.fromThrowable(t).getCode() != Status.Code.CANCELLED) {
                  failed.incrementAndGet();
                  failure.compareAndSet(null, t);
                  if (first) {
                    first = false;
                    firstEvents.countDown();
                  }
                }
              }

              @Override
              public void onCompleted() {
                failed.incrementAndGet();
              }
            };
    ProcessCpu.Snapshot server0 = o.serverPid() > 0 ? ProcessCpu.snapshot(o.serverPid()) : null;
    double clientCpu0 = ProcessCpu.ownSeconds();
    long t0 = System.nanoTime();
    for (int i = 0; i < o.streams(); i++) {
      EventingGrpc.newStub(channels.get(i % channels.size()))
          .startEventSource(request(o, i), observer.apply(i));
    }
    boolean allUp = firstEvents.await(Math.max(60, (long) o.durationSeconds()), TimeUnit.SECONDS);
    double setup = (System.nanoTime() - t0) / 1e9;
    System.err.println(
        "idle: "
            + (o.streams() - firstEvents.getCount())
            + " of "
            + o.streams()
            + " streams up in "
            + String.format(Locale.ROOT, "%.3f", setup)
            + " s"
            + (allUp ? "" : " (timed out)")
            + "; holding them for "
            + o.durationSeconds()
            + " s");
    System.err.flush();
    Thread.sleep((long) (o.durationSeconds() * 1000));
    double clientCpu = ProcessCpu.ownSeconds() - clientCpu0;
    ProcessCpu.Snapshot server1 = o.serverPid() > 0 ? ProcessCpu.snapshot(o.serverPid()) : null;
    double seconds = (System.nanoTime() - t0) / 1e9;
    synchronized (calls) {
      calls.forEach(c -> c.cancel("load client done", null));
    }
    if (failure.get() != null) {
      System.err.println("stream failed: " + failure.get());
    }
    int notUp = (int) firstEvents.getCount();
    return new Summary(
        o.streams(),
        o.payloadSize(),
        o.rate(),
        seconds,
        events.get(),
        0,
        0,
        0,
        0,
        0,
        0,
        (int) failed.get() + notUp,
        clientCpu,
        serverCpu(server0, server1),
        serverJit(server0, server1),
        setup);
  }
}
