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
package io.argogeneric.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} process with JetStream, on a free loopback port and a store directory
 * of its own. A test can kill it ({@code kill -9}) and restart it on the same port and store
 * directory, as an operator's restart or a crash would. The binary is {@code $NATS_SERVER} or
 * {@code nats-server} on the PATH; when there is none, {@link #start()} fails (CI installs it):
 * tests that need NATS never skip.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class NatsServer implements AutoCloseable {
  /** Environment variable naming the binary when it is not {@code nats-server} on the PATH. */
  public static final String BINARY_ENV = "NATS_SERVER";

  private static final String READY_LINE = "Server is ready";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final Path binary;
  private final Path home;
  private final Path storeDir;
  private final Path logFile;
  private final int port;
  private final List<String> extraArgs;
  private Process process;
  private int starts;

  private NatsServer(Path binary, Path home, int port, List<String> extraArgs) {
    this.binary = binary;
    this.extraArgs = List.copyOf(extraArgs);
    this.home = home;
    this.storeDir = home.resolve("store");
    this.logFile = home.resolve("nats-server.log");
    this.port = port;
  }

  /** Starts a server with JetStream on a free loopback port and a new temporary store directory. */
  public static NatsServer start() {
    return start(new String[0]);
  }

  /**
   * Like {@link #start()}, with more command-line options for the server (e.g. {@code --auth
   * TOKEN}, {@code --tls ...}); they apply to every restart too.
   */
  public static NatsServer start(String... extraArgs) {
    Path binary = findBinary(System.getenv());
    try {
      NatsServer server =
          new NatsServer(
              binary, Files.createTempDirectory("nats-server-"), freePort(), List.of(extraArgs));
      server.restart();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The binary to run: {@code env}'s {@value #BINARY_ENV} if set, else {@code nats-server} on its
   * PATH. Fails with what to install when there is none.
   */
  static Path findBinary(Map<String, String> env) {
    String named = env.get(BINARY_ENV);
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            BINARY_ENV + "=" + named + " is not an executable nats-server binary");
      }
      return path;
    }
    String pathVar = env.getOrDefault("PATH", "");
    for (String dir : pathVar.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "nats-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "nats-server is not installed: no executable nats-server on the PATH ("
            + pathVar
            + ") and "
            + BINARY_ENV
            + " is not set. Install it (Debian/Ubuntu: apt-get install nats-server) or set "
            + BINARY_ENV
            + " to the binary; the NATS tests need a real server and do not skip.");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** {@code nats://127.0.0.1:PORT}. */
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The JetStream store directory ({@code -sd}), the same across restarts. */
  public Path storeDir() {
    return storeDir;
  }

  /** Whether the process is alive. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Kills the process with SIGKILL ({@code kill -9}): no clean shutdown, JetStream recovers from
   * its files on the next {@link #restart()}. Returns once the process has exited.
   */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit(process);
    process = null;
  }

  /**
   * Starts the server (again) on the same port and store directory, and returns once it logs that
   * it is ready (JetStream recovered). Fails with the server's log if it does not start.
   */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("nats-server is still running on port " + port);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "-js",
                "-sd",
                storeDir.toString(),
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port)));
    command.addAll(extraArgs);
    int readyBefore = readyLines();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + binary, e);
    }
    starts++;
    Process started = process;
    Waits.until(
        "nats-server on port " + port + " to be ready (start " + starts + ")",
        START_TIMEOUT,
        () -> {
          if (!started.isAlive()) {
            throw new IllegalStateException(
                "nats-server exited with "
                    + started.exitValue()
                    + " on port "
                    + port
                    + "; its log:\n"
                    + log());
          }
          return readyLines() > readyBefore;
        },
        this::log);
  }

  /** Everything the server has logged so far, across restarts. */
  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private int readyLines() {
    String log = log();
    int count = 0;
    for (int at = log.indexOf(READY_LINE); at >= 0; at = log.indexOf(READY_LINE, at + 1)) {
      count++;
    }
    return count;
  }

  /** Stops the server (SIGTERM, then SIGKILL if it lingers) without deleting its files. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    awaitExit(process);
    process = null;
  }

  /** Stops the server and deletes its store directory and log. */
  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }

  private static void awaitExit(Process p) {
    try {
      if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("nats-server (pid " + p.pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for nats-server to exit", e);
    }
  }

  @Override
  public String toString() {
    return "nats-server " + url() + " (store " + storeDir + ")";
  }
}
