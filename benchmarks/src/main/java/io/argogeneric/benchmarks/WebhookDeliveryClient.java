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

import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery of the webhook bridge end to end, for {@code webhook-jetstream.sh}: HTTP POSTs spread
 * over one or more bridge replicas ({@code --targets}), one Argo-like subscriber (blocking stub,
 * one event at a time) on one replica's gRPC port ({@code --grpc}). Each request body carries a run
 * tag, a request id and its send time, so the subscriber measures the delivery latency (POST sent
 * to event read) and checks that every request answered 2xx arrived: {@code lost} counts 2xx ids
 * never received, {@code duplicates} ids received twice. Flat out (closed loop, as {@link
 * HttpLoadClient}) without {@code --rate}; with it, the connections share a fixed schedule of that
 * many POSTs a second, so that latency is not queueing. After the load it waits until every 2xx has
 * arrived, or nothing arrived for {@code --drain-timeout} seconds. Prints one {@code key=value}
 * line.
 */
public final class WebhookDeliveryClient {

  /** One host and port. */
  record HostPort(String host, int port) {
    static HostPort parse(String flag, String value) {
      int colon = value.lastIndexOf(':');
      try {
        int port = Integer.parseInt(value.substring(colon + 1));
        if (colon > 0 && port >= 1 && port <= 65535) {
          return new HostPort(value.substring(0, colon), port);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(flag + " must be HOST:PORT: " + value);
    }
  }

  /** What to run. {@code rate} 0 is flat out. */
  public record Options(
      List<HostPort> targets,
      HostPort grpc,
      String path,
      int connections,
      double rate,
      double durationSeconds,
      double warmupSeconds,
      int bodySize,
      String eventName,
      List<Long> serverPids,
      long natsPid,
      double drainTimeoutSeconds) {

    public Options {
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("--targets is required: HOST:PORT[,HOST:PORT...]");
      }
      if (grpc == null) {
        throw new IllegalArgumentException("--grpc is required: HOST:PORT of one bridge");
      }
      if (connections < targets.size()) {
        throw new IllegalArgumentException(
            "--connections must be at least one per target ("
                + targets.size()
                + "): "
                + connections);
      }
      if (!(durationSeconds > 0) || warmupSeconds < 0 || rate < 0 || !(drainTimeoutSeconds > 0)) {
        throw new IllegalArgumentException(
            "--duration and --drain-timeout must be positive, --warmup and --rate not negative");
      }
      if (bodySize < Body.FIXED + 1) {
        throw new IllegalArgumentException(
            "--body-size must be at least " + (Body.FIXED + 1) + " bytes: " + bodySize);
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("--path must start with '/': " + path);
      }
    }

    static Options parse(String... args) {
      List<HostPort> targets = new ArrayList<>();
      HostPort grpc = null;
      String path = "/hook";
      int connections = 64;
      double rate = 0;
      double duration = 10;
      double warmup = 0;
      int bodySize = 1024;
      String eventName = "hook";
      List<Long> pids = new ArrayList<>();
      long natsPid = 0;
      double drain = 30;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        try {
          switch (flag) {
            case "--targets" -> {
              for (String t : value.split(",")) {
                targets.add(HostPort.parse(flag, t.trim()));
              }
            }
            case "--grpc" -> grpc = HostPort.parse(flag, value);
            case "--path" -> path = value;
            case "--connections" -> connections = Integer.parseInt(value);
            case "--rate" -> rate = Double.parseDouble(value);
            case "--duration" -> duration = Double.parseDouble(value);
            case "--warmup" -> warmup = Double.parseDouble(value);
            case "--body-size" -> bodySize = Integer.parseInt(value);
            case "--event-name" -> eventName = value;
            case "--server-pids" -> {
              for (String p : value.split(",")) {
                pids.add(Long.parseLong(p.trim()));
              }
            }
            case "--nats-pid" -> natsPid = Long.parseLong(value);
            case "--drain-timeout" -> drain = Double.parseDouble(value);
            default -> throw new IllegalArgumentException("unknown flag " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + ": not a number: " + value, e);
        }
      }
      return new Options(
          targets,
          grpc,
          path,
          connections,
          rate,
          duration,
          warmup,
          bodySize,
          eventName,
          pids,
          natsPid,
          drain);
    }
  }

  /**
   * The outcome; HTTP figures and {@code deliveredPerSecond} count the measured window, delivery
   * latencies the requests sent in it, and {@code okTotal}, {@code lost}, {@code duplicates} the
   * whole run (probes and warm-up too).
   */
  public record Summary(
      Options options,
      long ok,
      long non2xx,
      String non2xxCodes,
      long errors,
      long httpP50Micros,
      long httpP99Micros,
      long deliveredInWindow,
      long deliveredAfterWindow,
      long deliveryP50Micros,
      long deliveryP99Micros,
      long deliveryMaxMicros,
      long okTotal,
      long received,
      long lost,
      long duplicates,
      long foreign,
      long deliveredWithout2xx,
      double drainSeconds,
      double clientCpuSeconds,
      double serverCpuSeconds,
      double natsCpuSeconds) {

    public double okPerSecond() {
      return ok / options.durationSeconds();
    }

    public String line() {
      double s = options.durationSeconds();
      return String.format(
          Locale.ROOT,
          "targets=%d connections=%d rate=%s body=%d seconds=%.3f requests_per_s=%.0f ok=%d non_2xx=%d"
              + " non_2xx_codes=%s errors=%d http_p50_us=%d http_p99_us=%d delivered_per_s=%.0f"
              + " delivery_p50_us=%d delivery_p99_us=%d delivery_max_us=%d ok_total=%d received=%d"
              + " lost=%d duplicates=%d foreign=%d delivered_without_2xx=%d drain_s=%.1f"
              + " drain_per_s=%.0f client_cpu_s=%.3f"
              + " server_cpu_s=%.3f server_cpu_us_per_request=%.1f nats_cpu_s=%.3f"
              + " nats_cpu_us_per_request=%.1f",
          options.targets().size(),
          options.connections(),
          ToolMain.plainNumber(options.rate()),
          options.bodySize(),
          s,
          ok / s,
          ok,
          non2xx,
          non2xxCodes,
          errors,
          httpP50Micros,
          httpP99Micros,
          deliveredInWindow / s,
          deliveryP50Micros,
          deliveryP99Micros,
          deliveryMaxMicros,
          okTotal,
          received,
          lost,
          duplicates,
          foreign,
          deliveredWithout2xx,
          drainSeconds,
          // the subscriber's own pace once the HTTP load has stopped; 0 when there was no backlog
          drainSeconds < 1 ? 0 : deliveredAfterWindow / drainSeconds,
          clientCpuSeconds,
          serverCpuSeconds,
          perRequest(serverCpuSeconds),
          natsCpuSeconds,
          perRequest(natsCpuSeconds));
    }

    private double perRequest(double cpuSeconds) {
      return ok == 0 ? Double.NaN : cpuSeconds * 1e6 / ok;
    }
  }

  /**
   * A request body of a fixed size: {@code {"run":"R","id":"I","t":"T","pad":"xx..."}}, the fields
   * fixed-width strings (a JSON number may not start with 0), so one template serves every request.
   */
  static final class Body {
    private static final String RUN = "{\"run\":\"";
    private static final String ID = "\",\"id\":\"";
    private static final String T = "\",\"t\":\"";
    private static final String PAD = "\",\"pad\":\"";
    static final int RUN_DIGITS = 8;
    static final int ID_DIGITS = 10;
    static final int T_DIGITS = 16;
    static final int FIXED =
        RUN.length()
            + RUN_DIGITS
            + ID.length()
            + ID_DIGITS
            + T.length()
            + T_DIGITS
            + PAD.length()
            + 2;

    private Body() {}

    static String template(long run, int size) {
      return RUN
          + digits(run, RUN_DIGITS)
          + ID
          + "0".repeat(ID_DIGITS)
          + T
          + "0".repeat(T_DIGITS)
          + PAD
          + "x".repeat(size - FIXED)
          + "\"}";
    }

    /** Offset of the id digits in a body; the send time's follow {@code T} after them. */
    static int idOffset() {
      return RUN.length() + RUN_DIGITS + ID.length();
    }

    static int timeOffset() {
      return idOffset() + ID_DIGITS + T.length();
    }

    static void write(byte[] buf, int offset, int width, long value) {
      long v = value;
      for (int i = offset + width - 1; i >= offset; i--) {
        buf[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
    }

    static String digits(long value, int width) {
      byte[] b = new byte[width];
      write(b, 0, width, value);
      return new String(b, StandardCharsets.US_ASCII);
    }

    /** The run, id and send time in an event's payload (the body is embedded as it came). */
    static long[] parse(String payload) {
      int at = payload.indexOf(RUN);
      if (at < 0) {
        return null;
      }
      int run = at + RUN.length();
      int id = run + RUN_DIGITS + ID.length();
      int t = id + ID_DIGITS + T.length();
      try {
        return new long[] {
          Long.parseLong(payload, run, run + RUN_DIGITS, 10),
          Long.parseLong(payload, id, id + ID_DIGITS, 10),
          Long.parseLong(payload, t, t + T_DIGITS, 10)
        };
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        return null;
      }
    }
  }

  /**
   * What the subscriber saw of one run: ids received (once or more), and the others. Confined to
   * the subscriber's thread until it ends; {@link #unique} may be read from any thread.
   */
  static final class Received {
    private final long run;
    private final BitSet seen = new BitSet();
    final AtomicLong unique = new AtomicLong();
    long duplicates;
    long foreign;

    Received(long run) {
      this.run = run;
    }

    /** Counts one event; returns its send time, or -1 for an event of another run. */
    long add(String payload) {
      long[] f = Body.parse(payload);
      if (f == null || f[0] != run || f[1] > Integer.MAX_VALUE) {
        foreign++;
        return -1;
      }
      int id = (int) f[1];
      if (seen.get(id)) {
        duplicates++;
      } else {
        seen.set(id);
        unique.incrementAndGet();
      }
      return f[2];
    }

    /** Ids in {@code ok} never received. */
    long lost(BitSet ok) {
      BitSet missing = (BitSet) ok.clone();
      missing.andNot(seen);
      return missing.cardinality();
    }

    /** Ids received that are not in {@code ok}: stored although the answer was not 2xx. */
    long without2xx(BitSet ok) {
      BitSet extra = (BitSet) seen.clone();
      extra.andNot(ok);
      return extra.cardinality();
    }
  }

  private WebhookDeliveryClient() {}

  public static void main(String[] args) throws Exception {
    System.out.println(run(ToolMain.parseOrExit(args, Options::parse)).line());
  }

  public static Summary run(Options o) throws Exception {
    long origin = System.nanoTime();
    long runTag = ThreadLocalRandom.current().nextLong(10_000_000L, 100_000_000L);
    Received received = new Received(runTag);
    AtomicLong ids = new AtomicLong();
    AtomicLong okTotal = new AtomicLong();
    BitSet okIds = new BitSet();
    Subscriber sub = new Subscriber(o, received, origin);
    try {
      for (HostPort target : o.targets()) {
        probe(o, target, runTag, ids, okIds, okTotal, origin);
      }
      long loadFrom = System.nanoTime();
      long measureFrom = loadFrom + (long) (o.warmupSeconds() * 1e9);
      long measureTo = measureFrom + (long) (o.durationSeconds() * 1e9);
      sub.window(measureFrom, measureTo);
      List<Worker> workers = new ArrayList<>();
      for (int i = 0; i < o.connections(); i++) {
        Worker w =
            new Worker(
                o, i, runTag, ids, okTotal, origin, new long[] {loadFrom, measureFrom, measureTo});
        workers.add(w);
        w.start();
      }
      sleepUntil(measureFrom);
      double cpu0 = ProcessCpu.ownSeconds();
      double server0 = serverCpu(o);
      double nats0 = o.natsPid() > 0 ? ProcessCpu.seconds(o.natsPid()) : Double.NaN;
      sleepUntil(measureTo);
      double server1 = serverCpu(o);
      double nats1 = o.natsPid() > 0 ? ProcessCpu.seconds(o.natsPid()) : Double.NaN;
      double cpu1 = ProcessCpu.ownSeconds();
      LatencyHistogram http = new LatencyHistogram();
      long ok = 0;
      long non2xx = 0;
      long errors = 0;
      long[] statuses = new long[600];
      for (Worker w : workers) {
        w.join(TimeUnit.SECONDS.toMillis(30)); // a request in flight finishes; its answer counts
        if (w.isAlive()) {
          throw new IllegalStateException(
              "an HTTP connection did not finish its last request within 30 s");
        }
        http.add(w.latency);
        ok += w.ok;
        non2xx += w.non2xx;
        errors += w.errors;
        okIds.or(w.okIds);
        for (int i = 0; i < statuses.length; i++) {
          statuses[i] += w.statuses[i];
        }
      }
      long idleLimit = (long) (o.drainTimeoutSeconds() * 1e9);
      while (received.unique.get() < okTotal.get()
          && System.nanoTime() - sub.lastEventAt() < idleLimit) {
        sub.throwIfFailed();
        Thread.sleep(20);
      }
      sub.throwIfFailed();
      double drain = Math.max(0, sub.lastEventAt() - measureTo) / 1e9;
      // the JetStream holder acks a second after writing; closing sooner would have JetStream
      // send the last second's events again, to whichever stream comes next
      Thread.sleep(1500);
      sub.stop();
      return new Summary(
          o,
          ok,
          non2xx,
          codes(statuses),
          errors,
          http.percentile(0.50),
          http.percentile(0.99),
          sub.inWindow,
          sub.afterWindow,
          sub.latency.percentile(0.50),
          sub.latency.percentile(0.99),
          sub.latency.max(),
          okTotal.get(),
          received.unique.get(),
          received.lost(okIds),
          received.duplicates,
          received.foreign,
          received.without2xx(okIds),
          drain,
          cpu1 - cpu0,
          server1 - server0,
          nats1 - nats0);
    } finally {
      sub.stop();
    }
  }

  /** {@code 503:12,429:3}: the non-2xx statuses of the measured window, or {@code -}. */
  static String codes(long[] statuses) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < statuses.length; i++) {
      if (statuses[i] > 0 && i / 100 != 2) {
        b.append(b.length() == 0 ? "" : ",").append(i).append(':').append(statuses[i]);
      }
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  private static double serverCpu(Options o) {
    if (o.serverPids().isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (long pid : o.serverPids()) {
      sum += ProcessCpu.seconds(pid);
    }
    return sum;
  }

  /** The whole request, head and body, for {@code target}. */
  static byte[] request(Options o, HostPort target, long runTag) {
    String body = Body.template(runTag, o.bodySize());
    String head =
        "POST "
            + o.path()
            + " HTTP/1.1\r\nHost: "
            + target.host()
            + ":"
            + target.port()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.US_ASCII);
  }

  /** Stamps {@code request} (from {@link #request}) with an id and the send time. */
  private static void stamp(byte[] request, int bodyAt, long id, long sentNanos) {
    Body.write(request, bodyAt + Body.idOffset(), Body.ID_DIGITS, id);
    Body.write(request, bodyAt + Body.timeOffset(), Body.T_DIGITS, sentNanos);
  }

  private static int bodyOffset(byte[] request) {
    for (int i = 3; i < request.length; i++) {
      if (request[i] == '\n' && request[i - 1] == '\r' && request[i - 2] == '\n') {
        return i + 1;
      }
    }
    throw new IllegalStateException("no end of the head");
  }

  /**
   * Posts until one is answered 2xx: a bridge opens its HTTP port once a stream declares the
   * endpoint, and a JetStream replica serves it once the declaration reached it.
   */
  private static void probe(
      Options o,
      HostPort target,
      long runTag,
      AtomicLong ids,
      BitSet okIds,
      AtomicLong okTotal,
      long origin)
      throws InterruptedException {
    byte[] request = request(o, target, runTag);
    int bodyAt = bodyOffset(request);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      long id = ids.getAndIncrement();
      try (HttpLoadClient.Connection c =
          new HttpLoadClient.Connection(target.host(), target.port())) {
        stamp(request, bodyAt, id, System.nanoTime() - origin);
        int status = c.exchange(request);
        if (status / 100 == 2) {
          okIds.set((int) id);
          okTotal.incrementAndGet();
          return;
        }
        last = "HTTP " + status;
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "POST "
            + o.path()
            + " to "
            + target.host()
            + ":"
            + target.port()
            + " was not answered 2xx within 30 s: "
            + last);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /**
   * One keep-alive connection to target {@code index % targets}: back to back, or at its share of
   * the rate (POST k of connection i is due at {@code (k * connections + i) / rate}).
   */
  private static final class Worker extends Thread {
    private final Options o;
    private final int index;
    private final HostPort target;
    private final byte[] request;
    private final int bodyAt;
    private final AtomicLong ids;
    private final AtomicLong okTotal;
    private final long origin;
    private final long loadFrom;
    private final long measureFrom;
    private final long measureTo;
    final LatencyHistogram latency = new LatencyHistogram();
    final BitSet okIds = new BitSet();
    final long[] statuses = new long[600];
    long ok;
    long non2xx;
    long errors;

    Worker(
        Options o,
        int index,
        long runTag,
        AtomicLong ids,
        AtomicLong okTotal,
        long origin,
        long[] window) {
      super("webhook-delivery-load-" + index);
      setDaemon(true);
      this.o = o;
      this.index = index;
      this.target = o.targets().get(index % o.targets().size());
      this.request = request(o, target, runTag);
      this.bodyAt = bodyOffset(request);
      this.ids = ids;
      this.okTotal = okTotal;
      this.origin = origin;
      this.loadFrom = window[0];
      this.measureFrom = window[1];
      this.measureTo = window[2];
    }

    @Override
    public void run() {
      HttpLoadClient.Connection c = null;
      try {
        for (long k = 0; ; k++) {
          if (o.rate() > 0) {
            long due = loadFrom + (long) ((k * o.connections() + index) * 1e9 / o.rate());
            if (due >= measureTo) {
              break;
            }
            sleepUntil(due);
          } else if (System.nanoTime() >= measureTo) {
            break;
          }
          long id = ids.getAndIncrement();
          try {
            if (c == null) {
              c = new HttpLoadClient.Connection(target.host(), target.port());
            }
            long t0 = System.nanoTime();
            stamp(request, bodyAt, id, t0 - origin);
            int status = c.exchange(request);
            long t1 = System.nanoTime();
            if (status / 100 == 2) {
              okIds.set((int) id);
              okTotal.incrementAndGet();
            }
            if (t0 >= measureFrom && t1 <= measureTo) {
              if (status / 100 == 2) {
                ok++;
              } else {
                non2xx++;
              }
              statuses[Math.min(Math.max(status, 0), statuses.length - 1)]++;
              latency.record((t1 - t0) / 1000);
            }
            if (c.closeAfter) {
              c.close();
              c = null;
            }
          } catch (IOException e) {
            errors++;
            if (c != null) {
              c.close();
              c = null;
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  /** Argo-like: one stream, blocking stub, one event at a time (ArgoLikeStream); times each. */
  private static final class Subscriber {
    private final Received received;
    private final long origin;
    private final ArgoLikeStream stream;
    final LatencyHistogram latency = new LatencyHistogram();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureTo = Long.MAX_VALUE;
    private volatile long lastEventAt = System.nanoTime();
    long inWindow;
    long afterWindow;

    Subscriber(Options o, Received received, long origin) {
      this.received = received;
      this.origin = origin;
      // no port: each replica serves the endpoint on its own --http-port
      EventSource source =
          EventSource.newBuilder()
              .setName(o.eventName())
              .setConfig(
                  com.google.protobuf.ByteString.copyFromUtf8("endpoint: " + o.path() + "\n"))
              .build();
      stream =
          new ArgoLikeStream(
              NettyChannelBuilder.forAddress(o.grpc().host(), o.grpc().port())
                  .usePlaintext()
                  .build(),
              source,
              false,
              this::count,
              "webhook-delivery-subscriber");
    }

    void window(long from, long to) {
      measureFrom = from;
      measureTo = to;
    }

    private void count(Event event) {
      long now = System.nanoTime();
      long sent = received.add(event.getPayload().toStringUtf8());
      lastEventAt = now;
      if (sent < 0) {
        return;
      }
      long sentAt = origin + sent;
      if (sentAt >= measureFrom && sentAt < measureTo) {
        latency.record((now - sentAt) / 1000);
      }
      if (now >= measureFrom && now < measureTo) {
        inWindow++;
      } else if (now >= measureTo) {
        afterWindow++;
      }
    }

    long lastEventAt() {
      return lastEventAt;
    }

    void throwIfFailed() {
      if (stream.failure() != null) {
        throw new IllegalStateException(
            "subscriber: " + stream.failure() + " after " + received.unique.get() + " events");
      }
    }

    /** Ends the stream and waits for the reader: its counts are read after this. */
    void stop() {
      stream.close();
    }
  }
}
