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
package io.argogeneric.acceptance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts what a user starts: sample jars with {@code java -jar}, the node client, curl. */
final class Processes {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern SERVING = Pattern.compile("serving gRPC on port (\\d+)");

  private Processes() {}

  /** A server process and the gRPC port it reported. */
  record Server(Process process, int port) implements AutoCloseable {
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static Server startJar(String jar, String... args) throws Exception {
    Path jarPath = ROOT.resolve(jar);
    if (!Files.exists(jarPath)) {
      throw new IllegalStateException(
          jar + " is missing: build the whole project first (mvn -B install)");
    }
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jarPath.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Path log = ROOT.resolve("acceptance/target/" + jarPath.getFileName() + ".log");
    Files.createDirectories(log.getParent());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  java.io.Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.write(line + "\n");
                  out.flush();
                  Matcher m = SERVING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              port.completeExceptionally(new IllegalStateException(jar + " exited before serving"));
            },
            "output of " + jar);
    reader.setDaemon(true);
    reader.start();
    return new Server(p, port.get(60, TimeUnit.SECONDS));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs a command to completion and returns its standard output; fails on a non-zero exit. */
  static String run(Duration timeout, Path dir, String... cmd) throws Exception {
    return run(true, timeout, dir, cmd);
  }

  /**
   * Like {@link #run(Duration, Path, String...)}; with {@code check} false a non-zero exit is fine.
   */
  static String run(boolean check, Duration timeout, Path dir, String... cmd) throws Exception {
    // stderr to a file, not the build's console (curl's --parallel draws a progress meter even with
    // -s);
    // a failure below shows it
    Path err = Files.createTempFile(dir, "stderr-", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout);
    }
    if (check && p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", cmd)
              + " exited "
              + p.exitValue()
              + ": "
              + out.get()
              + "\nstderr:\n"
              + Files.readString(err));
    }
    return out.get();
  }
}
