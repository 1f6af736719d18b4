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
package io.argogeneric.faults;

import io.argogeneric.sdk.RunningServer;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Processes and counts shared by the fault tests. */
final class Faults {
  private static Path clientJarCopy;

  private Faults() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** A JVM running {@code mainClass} from this module's test class path. */
  static Process java(Class<?> mainClass, Path stdout, Path stderr, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                mainClass.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
  }

  /** The command-line client (the cli module's jar), one JSON line per event on {@code stdout}. */
  static Process client(Path stdout, Path stderr, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                clientJar().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
  }

  /**
   * A private copy of the client jar: the cli module may rebuild it while this suite runs, and a
   * JVM reading a jar that is being rewritten fails in odd ways.
   */
  private static synchronized Path clientJar() throws IOException {
    if (clientJarCopy == null) {
      Path built = Path.of(System.getProperty("faults.cliJar", "../cli/target/argo-client.jar"));
      if (!Files.isRegularFile(built)) {
        throw new AssertionError(
            "command-line client jar not found at "
                + built.toAbsolutePath()
                + ": build it first with 'mvn -pl cli package -DskipTests'");
      }
      Path copy = Files.createTempFile("argo-client", ".jar");
      copy.toFile().deleteOnExit();
      Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
      clientJarCopy = copy;
    }
    return clientJarCopy;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** kill -9: on Linux {@link Process#destroyForcibly()} sends SIGKILL. */
  /** Ends an in-process test server and the channel to it; either may be null (never started). */
  static void stop(ManagedChannel channel, RunningServer server) throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  static void killHard(Process p) throws InterruptedException {
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + p.pid() + " survived SIGKILL for 10 s");
    }
  }

  /** The complete lines of {@code file} so far; a last line still being written is left out. */
  static List<String> completeLines(Path file) {
    String text;
    try {
      text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return List.of();
    }
    return text.substring(0, end).lines().toList();
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
