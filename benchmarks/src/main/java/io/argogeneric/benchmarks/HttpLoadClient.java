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
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 load generator for the webhook bridge: {@code --connections} keep-alive connections,
 * each on its own thread sending the next POST as soon as the last answer is read (closed loop),
 * like wrk. With {@code --grpc-port} it first subscribes to the bridge as Argo would (one stream,
 * config {@code endpoint: <path>}, read one event at a time) and, after the load, waits until every
 * request answered 2xx has arrived as an event. With {@code --endpoints N} above 1 the connections
 * are spread over N endpoints ({@code <path>-0} ...), each with its own subscriber: the bridge then
 * delivers through N streams instead of funnelling everything through one reader. The subscriber
 * reads like Argo (blocking stub, one event at a time) unless {@code --subscriber async}: an async
 * stub counting events on the transport thread, so that on a small machine the measurement is not
 * the reader's own cost per event. Prints one summary line of {@code key=value} pairs.
 */
public final class HttpLoadClient {

  /** What to run; {@code grpcPort} 0 means no subscriber (a server that is not the bridge). */
  public record Options(
      String host,
      int port,
      String path,
      int connections,
      double durationSeconds,
      double warmupSeconds,
      int bodySize,
      int grpcPort,
      String eventName,
      long serverPid,
      int endpoints,
      boolean asyncSubscriber) {

    public Options {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--port is required (1..65535): " + port);
      }
      if (connections < 1) {
        throw new IllegalArgumentException("--connections must be at least 1: " + connections);
      }
      if (!(durationSeconds > 0) || warmupSeconds < 0) {
        throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
      }
      if (bodySize < 16) {
        throw new IllegalArgumentException("--body-size must be at least 16 bytes: " + bodySize);
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("--path must start with '/': " + path);
      }
      if (endpoints < 1 || endpoints > connections) {
        throw new IllegalArgumentException(
            "--endpoints must be 1.." + connections + ": " + endpoints);
      }
    }

    /** The path of endpoint {@code i}: {@code path} itself when there is one endpoint. */
    String path(int i) {
      return endpoints == 1 ? path : path + "-" + i;
    }

    /** The event name of endpoint {@code i}'s subscriber. */
    String eventName(int i) {
      return endpoints == 1 ? eventName : eventName + "-" + i;
    }

    static Options parse(String... args) {
      String host = "127.0.0.1";
      int port = -1;
      String path = "/hook";
      int connections = 64;
      double duration = 10;
      double warmup = 0;
      int bodySize = 1024;
      int grpcPort = 0;
      String eventName = "hook";
      long pid = 0;
      int endpoints = 1;
      boolean async = false;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        try {
          switch (flag) {
            case "--host" -> host = value;
            case "--port" -> port = Integer.parseInt(value);
            case "--path" -> path = value;
            case "--connections" -> connections = Integer.parseInt(value);
            case "--duration" -> duration = Double.parseDouble(value);
            case "--warmup" -> warmup = Double.parseDouble(value);
            case "--body-size" -> bodySize = Integer.parseInt(value);
            case "--grpc-port" -> grpcPort = Integer.parseInt(value);
            case "--event-name" -> eventName = value;
            case "--server-pid" -> pid = Long.parseLong(value);
            case "--endpoints" -> endpoints = Integer.parseInt(value);
            case "--subscriber" ->
                async =
                    switch (value) {
                      case "blocking" -> false;
                      case "async" -> true;
                      default ->
                          throw new IllegalArgumentException(
                              "--subscriber must be blocking or async: " + value);
                    };
            default -> throw new IllegalArgumentException("unknown flag " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + ": not a number: " + value, e);
        }
      }
      return new Options(
          host,
          port,
          path,
          connections,
          duration,
          warmup,
          bodySize,
          grpcPort,
          eventName,
          pid,
          endpoints,
          async);
    }
  }

  /**
   * The outcome. {@code ok}, {@code non2xx} and the latencies count the measured window only;
   * {@code okTotal} counts every 2xx of the run (probe and warm-up too), the number of events the
   * subscriber must have received; {@code received} is -1 without a subscriber.
   */
  public record Summary(
      int connections,
      int endpoints,
      String subscriber,
      int bodySize,
      double seconds,
      long ok,
      long non2xx,
      long errors,
      long p50Micros,
      long p99Micros,
      long okTotal,
      long received,
      double clientCpuSeconds,
      double serverCpuSeconds) {

    public double okPerSecond() {
      return ok / seconds;
    }

    public String line() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "connections=%d endpoints=%d subscriber=%s body=%d seconds=%.3f requests_per_s=%.0f ok=%d non_2xx=%d errors=%d p50_us=%d "
                      + "p99_us=%d ok_total=%d client_cpu_s=%.3f",
                  connections,
                  endpoints,
                  subscriber,
                  bodySize,
                  seconds,
                  ok / seconds,
                  ok,
                  non2xx,
                  errors,
                  p50Micros,
                  p99Micros,
                  okTotal,
                  clientCpuSeconds));
      if (received >= 0) {
        b.append(" received=").append(received).append(" undelivered=").append(okTotal - received);
      }
      if (!Double.isNaN(serverCpuSeconds)) {
        b.append(
            String.format(
                Locale.ROOT,
                " server_cpu_s=%.3f server_cpu_us_per_request=%.3f",
                serverCpuSeconds,
                ok == 0 ? Double.NaN : serverCpuSeconds * 1e6 / ok));
      }
      return b.toString();
    }
  }

  private HttpLoadClient() {}

  public static void main(String[] args) throws Exception {
    System.out.println(run(ToolMain.parseOrExit(args, Options::parse)).line());
  }

  public static Summary run(Options o) throws Exception {
    List<byte[]> requests = new ArrayList<>();
    List<Subscriber> subscribers = new ArrayList<>();
    for (int i = 0; i < o.endpoints(); i++) {
      requests.add(request(o, o.path(i)));
      if (o.grpcPort() > 0) {
        subscribers.add(new Subscriber(o, o.eventName(i), o.path(i)));
      }
    }
    AtomicLong okTotal = new AtomicLong();
    try {
      for (int i = 0; i < o.endpoints(); i++) {
        probe(o, o.path(i), requests.get(i), okTotal);
      }
      long measureFrom = System.nanoTime() + (long) (o.warmupSeconds() * 1e9);
      long measureTo = measureFrom + (long) (o.durationSeconds() * 1e9);
      List<Worker> workers = new ArrayList<>();
      for (int i = 0; i < o.connections(); i++) {
        Worker w = new Worker(o, requests.get(i % o.endpoints()), okTotal, measureFrom, measureTo);
        workers.add(w);
        w.start();
      }
      sleepUntil(measureFrom);
      double cpu0 = ProcessCpu.ownSeconds();
      double server0 = o.serverPid() > 0 ? ProcessCpu.seconds(o.serverPid()) : Double.NaN;
      sleepUntil(measureTo);
      double server1 = o.serverPid() > 0 ? ProcessCpu.seconds(o.serverPid()) : Double.NaN;
      double cpu1 = ProcessCpu.ownSeconds();
      LatencyHistogram latency = new LatencyHistogram();
      long ok = 0;
      long non2xx = 0;
      long errors = 0;
      for (Worker w : workers) {
        w.join(
            TimeUnit.SECONDS.toMillis(30)); // a request in flight finishes; its answer still counts
        if (w.isAlive()) {
          throw new IllegalStateException(
              "an HTTP connection did not finish its last request within 30 s");
        }
        latency.add(w.latency);
        ok += w.ok;
        non2xx += w.non2xx;
        errors += w.errors;
      }
      long received =
          subscribers.isEmpty()
              ? -1
              : awaitAll(subscribers, okTotal.get(), TimeUnit.SECONDS.toNanos(30));
      String subscriberKind =
          o.grpcPort() <= 0 ? "none" : o.asyncSubscriber() ? "async" : "blocking";
      return new Summary(
          o.connections(),
          o.endpoints(),
          subscriberKind,
          o.bodySize(),
          o.durationSeconds(),
          ok,
          non2xx,
          errors,
          latency.percentile(0.50),
          latency.percentile(0.99),
          okTotal.get(),
          received,
          cpu1 - cpu0,
          server1 - server0);
    } finally {
      subscribers.forEach(Subscriber::close);
    }
  }

  /**
   * Waits until the subscribers together hold {@code n} events or the time is up; returns their
   * sum.
   */
  private static long awaitAll(List<Subscriber> subscribers, long n, long timeoutNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    long sum;
    while ((sum = subscribers.stream().mapToLong(Subscriber::received).sum()) < n
        && System.nanoTime() < deadline) {
      for (Subscriber s : subscribers) {
        s.throwIfFailed();
      }
      Thread.sleep(10);
    }
    for (Subscriber s : subscribers) {
      s.throwIfFailed();
    }
    return sum;
  }

  /** The request every connection sends: a JSON body of exactly {@code bodySize} bytes. */
  static byte[] request(Options o) {
    return request(o, o.path());
  }

  private static byte[] request(Options o, String path) {
    String prefix = "{\"pad\":\"";
    String suffix = "\"}";
    String body = prefix + "x".repeat(o.bodySize() - prefix.length() - suffix.length()) + suffix;
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + o.host()
            + ":"
            + o.port()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Posts until one is answered 2xx: the bridge opens its HTTP port only once a stream declares it.
   */
  private static void probe(Options o, String path, byte[] request, AtomicLong okTotal)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try (Connection c = new Connection(o)) {
        int status = c.exchange(request);
        if (status / 100 == 2) {
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
        "POST " + path + " on port " + o.port() + " was not answered 2xx within 30 s: " + last);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** One keep-alive connection sending requests back to back until the window ends. */
  private static final class Worker extends Thread {
    private final Options o;
    private final byte[] request;
    private final AtomicLong okTotal;
    private final long measureFrom;
    private final long measureTo;
    final LatencyHistogram latency = new LatencyHistogram();
    long ok;
    long non2xx;
    long errors;

    Worker(Options o, byte[] request, AtomicLong okTotal, long measureFrom, long measureTo) {
      super("http-load");
      setDaemon(true);
      this.o = o;
      this.request = request;
      this.okTotal = okTotal;
      this.measureFrom = measureFrom;
      this.measureTo = measureTo;
    }

    @Override
    public void run() {
      Connection c = null;
      while (System.nanoTime() < measureTo) {
        try {
          if (c == null) {
            c = new Connection(o);
          }
          long t0 = System.nanoTime();
          int status = c.exchange(request);
          long t1 = System.nanoTime();
          boolean measured = t0 >= measureFrom && t1 <= measureTo;
          if (status / 100 == 2) {
            okTotal.incrementAndGet();
          }
          if (measured) {
            if (status / 100 == 2) {
              ok++;
            } else {
              non2xx++;
            }
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
      if (c != null) {
        c.close();
      }
    }
  }

  /**
   * A plain HTTP/1.1 client connection: enough of the protocol to read Jetty's answers. Shared with
   * {@link WebhookDeliveryClient}.
   */
  static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    boolean closeAfter;

    Connection(Options o) throws IOException {
      this(o.host(), o.port());
    }

    Connection(String host, int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** Sends one request and reads its whole answer; returns the status code. */
    int exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(h.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closeAfter = true;
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
            size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length > 0) {
        skip(length);
      } else if (length < 0) {
        closeAfter = true; // the body ends with the connection
      }
      return status;
    }

    private void skip(long n) throws IOException {
      for (long left = n; left > 0; ) {
        long s = in.skip(left);
        if (s <= 0) {
          if (in.read() < 0) {
            throw new EOFException("connection closed inside a body");
          }
          s = 1;
        }
        left -= s;
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new EOFException("connection closed");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** One Argo-like stream to the bridge (ArgoLikeStream), its events counted. */
  private static final class Subscriber implements AutoCloseable {
    private final AtomicLong received = new AtomicLong();
    private volatile String failure;
    private final ArgoLikeStream stream;

    Subscriber(Options o, String eventName, String path) {
      NettyChannelBuilder builder =
          NettyChannelBuilder.forAddress(o.host(), o.grpcPort()).usePlaintext();
      if (o.asyncSubscriber()) {
        builder.directExecutor(); // onNext runs on the transport thread: no hand-off per event
      }
      EventSource source =
          EventSource.newBuilder()
              .setName(eventName)
              .setConfig(
                  com.google.protobuf.ByteString.copyFromUtf8(
                      "endpoint: " + path + "\nport: " + o.port() + "\n"))
              .build();
      stream =
          new ArgoLikeStream(
              builder.build(), source, o.asyncSubscriber(), this::count, "webhook-subscriber");
    }

    private void count(Event event) {
      if (event.getPayload().isEmpty()) {
        failure = "an event with an empty payload";
      }
      received.incrementAndGet();
    }

    long received() {
      return received.get();
    }

    void throwIfFailed() {
      String why = failure != null ? failure : stream.failure();
      if (why != null) {
        throw new IllegalStateException(
            "webhook subscriber: " + why + " after " + received.get() + " events");
      }
    }

    @Override
    public void close() {
      stream.close();
    }
  }
}
