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

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Time from starting a server process to its grpc.health.v1 answer SERVING. Starts the command
 * after {@code --} (with {@code {port}} replaced by a free port) {@code --runs} times, one after
 * another; polls every {@code --interval-ms} (a TCP connect until the port opens, then a health
 * Check); stops each process once it serves. Prints one summary line of {@code key=value} pairs.
 *
 * <pre>
 * java -cp firehose-eventsource.jar io.argogeneric.benchmarks.StartupProbe --label calendar --runs 5 \
 *   -- java -jar samples/calendar/target/calendar-eventsource.jar --port {port}</pre>
 */
public final class StartupProbe {

  public record Options(
      String label, int runs, long intervalMillis, double timeoutSeconds, List<String> command) {
    public Options {
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1: " + runs);
      }
      if (intervalMillis < 1 || !(timeoutSeconds > 0)) {
        throw new IllegalArgumentException("--interval-ms and --timeout must be positive");
      }
      if (command.isEmpty() || command.stream().noneMatch(a -> a.contains("{port}"))) {
        throw new IllegalArgumentException(
            "give the server's command after '--', with {port} where its port goes");
      }
      command = List.copyOf(command);
    }

    static Options parse(String... args) {
      String label = "server";
      int runs = 5;
      long interval = 10;
      double timeout = 30;
      int i = 0;
      for (; i < args.length && !args[i].equals("--"); i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        try {
          switch (flag) {
            case "--label" -> label = value;
            case "--runs" -> runs = Integer.parseInt(value);
            case "--interval-ms" -> interval = Long.parseLong(value);
            case "--timeout" -> timeout = Double.parseDouble(value);
            default -> throw new IllegalArgumentException("unknown flag " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + ": not a number: " + value, e);
        }
      }
      List<String> command =
          i < args.length ? Arrays.asList(args).subList(i + 1, args.length) : List.of();
      return new Options(label, runs, interval, timeout, command);
    }
  }

  /** Milliseconds from process start to SERVING, one per run, in run order. */
  public record Summary(String label, long[] millis) {
    public long median() {
      long[] s = millis.clone();
      Arrays.sort(s);
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public long max() {
      return Arrays.stream(millis).max().orElse(0);
    }

    public long min() {
      return Arrays.stream(millis).min().orElse(0);
    }

    public String line() {
      return String.format(
          Locale.ROOT,
          "label=%s runs=%d median_ms=%d min_ms=%d max_ms=%d all_ms=%s",
          label,
          millis.length,
          median(),
          min(),
          max(),
          String.join(",", Arrays.stream(millis).mapToObj(Long::toString).toList()));
    }
  }

  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println(run(ToolMain.parseOrExit(args, Options::parse)).line());
  }

  public static Summary run(Options o) throws Exception {
    warmUpProbe();
    long[] millis = new long[o.runs()];
    for (int r = 0; r < o.runs(); r++) {
      millis[r] = once(o);
      System.err.printf(
          Locale.ROOT, "%s run %d: SERVING after %d ms%n", o.label(), r + 1, millis[r]);
    }
    return new Summary(o.label(), millis);
  }

  /** One start: returns milliseconds from {@code ProcessBuilder.start} to SERVING. */
  private static long once(Options o) throws Exception {
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    for (String a : o.command()) {
      cmd.add(a.replace("{port}", Integer.toString(port)));
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File("/dev/null"));
    long deadline = System.nanoTime() + (long) (o.timeoutSeconds() * 1e9);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      boolean open = false;
      while (!open) {
        check(p, deadline, o);
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
          open = true;
        } catch (IOException e) {
          TimeUnit.MILLISECONDS.sleep(o.intervalMillis());
        }
      }
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        while (true) {
          check(p, deadline, o);
          try {
            ServingStatus status =
                health
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
            if (status == ServingStatus.SERVING) {
              return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
          } catch (StatusRuntimeException e) {
            channel
                .resetConnectBackoff(); // the next try must not wait for grpc's reconnect backoff
          }
          TimeUnit.MILLISECONDS.sleep(o.intervalMillis());
        }
      } finally {
        channel.shutdownNow();
      }
    } finally {
      p.destroy(); // SIGTERM: the server drains nothing and exits
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private static void check(Process p, long deadline, Options o) {
    if (!p.isAlive()) {
      throw new IllegalStateException(
          o.label() + ": the server exited with " + p.exitValue() + " before it served");
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          o.label() + ": not SERVING within " + o.timeoutSeconds() + " s");
    }
  }

  /** Loads and runs the probe's own gRPC client code once, so that run 1 does not pay for it. */
  private static void warmUpProbe() throws Exception {
    HealthStatusManager status = new HealthStatusManager();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(status.getHealthService())
            .build()
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 1_000);
      HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
