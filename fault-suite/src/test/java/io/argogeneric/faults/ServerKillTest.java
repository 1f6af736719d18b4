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

import static io.argogeneric.faults.Faults.completeLines;
import static io.argogeneric.faults.Faults.killHard;
import static io.argogeneric.faults.Faults.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.testfixtures.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL and started again on the same port while the
 * command-line client (the cli module's jar, an independent process) streams from it.
 */
class ServerKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWAY_MARK = "client-away";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killEverything() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void clientReconnectsAfterKill9AndTheFileOutboxDeliversEveryEventEmittedWhileItWasAway()
      throws Exception {
    int port = Faults.freePort();
    Path emitLog = dir.resolve("emit.log");
    Path emitSwitch = Files.createFile(dir.resolve("emit-on"));
    String[] serverArgs = {
      "--port",
      Integer.toString(port),
      "--bind",
      "127.0.0.1",
      "--shutdown-grace",
      "1s",
      "--with-outbox",
      "--outbox-dir",
      dir.resolve("outbox").toString(),
      "--emit-log",
      emitLog.toString(),
      "--emit-switch",
      emitSwitch.toString()
    };

    // 1. the client streams from server A; A is killed; the client reconnects to B on the same port
    Process a = server("a", serverArgs);
    Path out1 = dir.resolve("client1.out");
    Process client1 = client("client1", port, out1);
    Waits.until(
        "client receives events from the first server",
        WAIT,
        () -> eventsFrom(out1, a.pid()).size() >= 5);
    killHard(a);
    long killedAt = System.nanoTime();
    Process b = server("b", serverArgs);
    Waits.until(
        "client receives events from the restarted server",
        WAIT,
        () -> eventsFrom(out1, b.pid()).size() >= 5);
    long reconnectMillis = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(client1.isAlive()).as("the client keeps going across the server's death").isTrue();

    // 2. the client goes away (no event in flight), the plugin emits into the file-backed outbox
    Files.delete(emitSwitch);
    Waits.until(
        "the client printed every event B's plugin handed over so far",
        WAIT,
        () -> printed(out1).containsAll(logged(emitLog, "accepted", b.pid(), false)));
    killHard(client1);
    Waits.until(
        "server B saw the client go",
        WAIT,
        () -> read(dir.resolve("b.err")).contains("stream detached"));
    Files.writeString(emitLog, AWAY_MARK + "\n", StandardOpenOption.APPEND);
    Files.createFile(emitSwitch);
    Waits.until(
        "30 events emitted while the client is away",
        WAIT,
        () -> logged(emitLog, "accepted", b.pid(), true).size() >= 30);

    // 3. kill -9 B while its plugin emits, start C on the same outbox, start the client again
    killHard(b);
    Files.delete(
        emitSwitch); // C's own plugin run stays quiet: the client should get exactly the backlog
    List<String> away = logged(emitLog, "accepted", b.pid(), true);
    List<String> attempted = logged(emitLog, "emitting", b.pid(), true);
    Process c = server("c", serverArgs);
    Path out2 = dir.resolve("client2.out");
    client("client2", port, out2);
    Waits.until("server C restored the outbox", WAIT, () -> restoredCount("c") >= 0);
    int restored = restoredCount("c");
    Waits.until(
        "the client receives the " + restored + " restored events",
        WAIT,
        () -> printed(out2).size() >= restored);

    List<String> received = printed(out2);
    // every event accepted while the client was away arrives, first and in order
    assertThat(received).as("events after the restart").hasSizeGreaterThanOrEqualTo(away.size());
    assertThat(received.subList(0, away.size())).isEqualTo(away);
    // at most the one emit that SIGKILL interrupted between the store's write and the plugin's log
    // line
    List<String> extra = received.subList(away.size(), received.size());
    assertThat(extra).hasSizeLessThanOrEqualTo(1);
    assertThat(attempted).containsAll(extra);
    assertThat(received)
        .as("nothing delivered before the client left is replayed")
        .doesNotHaveDuplicates()
        .allMatch(k -> away.contains(k) || extra.contains(k));
    assertThat(c.isAlive()).isTrue();
    System.out.printf(
        "server-kill: reconnect after kill -9 in %d ms (new JVM included); %d events emitted while "
            + "the client was away, %d emits attempted, %d restored by the new process, %d received%n",
        reconnectMillis, away.size(), attempted.size(), restored, received.size());
  }

  private Process server(String name, String... args) throws IOException {
    Process p =
        Faults.java(
            FaultPlugin.class, dir.resolve(name + ".out"), dir.resolve(name + ".err"), args);
    processes.add(p);
    return p;
  }

  private Process client(String name, int port, Path stdout) throws IOException {
    Process p =
        Faults.client(
            stdout,
            dir.resolve(name + ".err"),
            "--url",
            "127.0.0.1:" + port,
            "--name",
            "faults",
            "--config",
            "every: 20ms",
            "--retry",
            "300ms",
            "--json-body");
    processes.add(p);
    return p;
  }

  /**
   * How many events server {@code name} restored from the outbox at start; -1 until its stream
   * started.
   */
  private int restoredCount(String name) {
    String log = read(dir.resolve(name + ".err"));
    Matcher m =
        Pattern.compile("outbox restored event=faults config=\\w+ events=(\\d+)").matcher(log);
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    return log.contains("stream started event=faults") ? 0 : -1;
  }

  /** {@code pid:seq} of every event printed by the client, in order. */
  private static List<String> printed(Path stdout) {
    List<String> keys = new ArrayList<>();
    for (String line : completeLines(stdout)) {
      try {
        JsonNode body = JSON.readTree(line).path("body");
        keys.add(body.path("pid").asLong() + ":" + body.path("seq").asLong());
      } catch (IOException e) {
        throw new AssertionError("client printed a line that is not JSON: " + line, e);
      }
    }
    return keys;
  }

  private static List<String> eventsFrom(Path stdout, long pid) {
    return printed(stdout).stream().filter(k -> k.startsWith(pid + ":")).toList();
  }

  /**
   * {@code pid:seq} of the emit log's {@code what} lines of {@code pid}; only after the away mark
   * if asked.
   */
  private static List<String> logged(Path emitLog, String what, long pid, boolean afterAwayMark) {
    List<String> keys = new ArrayList<>();
    boolean away = false;
    for (String line : completeLines(emitLog)) {
      if (line.equals(AWAY_MARK)) {
        away = true;
        continue;
      }
      String[] f = line.split(" ");
      if (f[0].equals(what) && Long.parseLong(f[1]) == pid && away == afterAwayMark) {
        keys.add(f[1] + ":" + f[2]);
      }
    }
    return keys;
  }
}
