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

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What this machine allows for latency before any gRPC code runs: paced timestamps handed from a
 * timer thread to a writer thread, over a loopback TCP socket to a reader thread, and on to a
 * consumer thread. Those are the thread wake-ups an event needs at the least on its way from an
 * emitter to an Argo-like reader (the server's transport thread, the client's transport thread, the
 * reading thread); gRPC, HTTP/2 and protobuf add their work on top. Prints one summary line of
 * {@code key=value} pairs in the load client's units.
 *
 * <pre>
 * java -cp firehose-eventsource.jar io.argogeneric.benchmarks.LatencyFloor --rate 1000 --duration 10
 * </pre>
 */
public final class LatencyFloor {
  private LatencyFloor() {}

  /** What to run: timestamps per second, and for how long. */
  record Options(double rate, double seconds) {
    Options {
      if (!(rate > 0) || !(seconds > 0)) {
        throw new IllegalArgumentException("--rate and --duration must be positive");
      }
    }

    static Options parse(String... args) {
      double rate = 1000;
      double seconds = 10;
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        try {
          switch (args[i]) {
            case "--rate" -> rate = Double.parseDouble(args[i + 1]);
            case "--duration" -> seconds = Double.parseDouble(args[i + 1]);
            default ->
                throw new IllegalArgumentException(
                    "unknown flag " + args[i] + " (known: --rate, --duration)");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(args[i] + ": not a number: " + args[i + 1], e);
        }
      }
      return new Options(rate, seconds);
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println(run(ToolMain.parseOrExit(args, Options::parse)));
  }

  /** Runs {@code rate x seconds} timestamps through the chain; returns the summary line. */
  static String run(Options options) throws Exception {
    double rate = options.rate();
    double seconds = options.seconds();
    int n = (int) Math.max(1, Math.round(rate * seconds));
    LatencyHistogram latency = new LatencyHistogram();
    BlockingQueue<Long> toWriter = new LinkedBlockingQueue<>();
    BlockingQueue<Long> toConsumer = new LinkedBlockingQueue<>();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket out = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket in = listener.accept()) {
      out.setTcpNoDelay(true);
      Thread writer =
          daemon(
              "floor-writer",
              () -> {
                try (DataOutputStream o = new DataOutputStream(out.getOutputStream())) {
                  for (int i = 0; i < n; i++) {
                    o.writeLong(toWriter.take());
                    o.flush();
                  }
                }
              });
      Thread reader =
          daemon(
              "floor-reader",
              () -> {
                DataInputStream d =
                    new DataInputStream(new BufferedInputStream(in.getInputStream()));
                for (int i = 0; i < n; i++) {
                  toConsumer.put(d.readLong());
                }
              });
      Thread consumer =
          daemon(
              "floor-consumer",
              () -> {
                for (int i = 0; i < n; i++) {
                  long sent = toConsumer.take();
                  latency.record((System.nanoTime() - sent) / 1000);
                }
              });
      long period = (long) (1e9 / rate);
      long next = System.nanoTime();
      for (int i = 0; i < n; i++) {
        next += period;
        for (long wait; (wait = next - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(wait);
        }
        toWriter.put(System.nanoTime());
      }
      consumer.join(TimeUnit.SECONDS.toMillis(30));
      writer.join(1000);
      reader.join(1000);
      if (latency.count() != n) {
        throw new IllegalStateException(
            "only " + latency.count() + " of " + n + " timestamps arrived");
      }
    }
    return String.format(
        Locale.ROOT,
        "rate=%s seconds=%s events=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d",
        ToolMain.plainNumber(rate),
        ToolMain.plainNumber(seconds),
        latency.count(),
        latency.percentile(0.50),
        latency.percentile(0.99),
        latency.percentile(0.999),
        latency.max());
  }

  private interface Body {
    void run() throws IOException, InterruptedException;
  }

  private static Thread daemon(String name, Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
