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
package io.argogeneric.samples.pgcdc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, from Debian's {@code postgresql} package: a fresh cluster in a temp
 * directory ({@code initdb}), {@code wal_level=logical}, a free port on 127.0.0.1 and its socket in
 * the temp directory. PostgreSQL refuses to run as root, so under root the cluster belongs to the
 * {@code postgres} system user and every command runs through {@code runuser}. The superuser is
 * {@code postgres} with trust authentication on loopback. Without the binaries the constructor
 * fails, saying how to get them: these tests must not pass by skipping.
 */
final class PostgresServer implements AutoCloseable {
  static final String SUPERUSER = "postgres";

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asRoot;

  PostgresServer() throws IOException, InterruptedException {
    bin = binaries();
    asRoot = "root".equals(System.getProperty("user.name"));
    dir = Files.createTempDirectory(Path.of("/tmp"), "pgcdc-test-");
    data = dir.resolve("data");
    port = freePort();
    if (asRoot) {
      run(List.of("chown", SUPERUSER + ":", dir.toString()), false);
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync"),
        true);
    start();
  }

  /** The newest {@code /usr/lib/postgresql/N/bin}, or {@code PG_BIN} when set. */
  private static Path binaries() {
    String env = System.getenv("PG_BIN");
    if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
      return Path.of(env);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        List<Path> found =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin").resolve("initdb")))
                .sorted(
                    Comparator.comparingInt(
                        v -> {
                          try {
                            return Integer.parseInt(v.getFileName().toString());
                          } catch (NumberFormatException e) {
                            return 0;
                          }
                        }))
                .toList();
        if (!found.isEmpty()) {
          return found.get(found.size() - 1).resolve("bin");
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + root, e);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin"
            + " nor in PG_BIN: install Debian's postgresql package (apt-get install postgresql;"
            + " .ci/run does) or set PG_BIN to the directory holding initdb");
  }

  void start() throws IOException, InterruptedException {
    String options =
        "-p "
            + port
            + " -k "
            + dir
            + " -c listen_addresses=127.0.0.1 -c wal_level=logical -c max_wal_senders=10"
            + " -c max_replication_slots=10 -c fsync=off -c synchronous_commit=off"
            + " -c wal_sender_timeout=10s";
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("postgres.log").toString(),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start"),
        true);
  }

  /** Stops the server at once (clients see their connections drop). */
  void stop() throws IOException, InterruptedException {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-m",
            "immediate",
            "-w",
            "-t",
            "60",
            "stop"),
        true);
  }

  int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
  }

  /** Runs each statement in its own transaction, as the superuser, on {@code database}. */
  void sql(String database, String... statements) throws SQLException {
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("postgres.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      stop();
    } catch (IOException e) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void run(List<String> command, boolean asPostgres)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres && asRoot) {
      cmd.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd)
              + " failed: "
              + new String(out, StandardCharsets.UTF_8)
              + (Files.exists(dir.resolve("postgres.log")) ? "\nserver log:\n" + log() : ""));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
