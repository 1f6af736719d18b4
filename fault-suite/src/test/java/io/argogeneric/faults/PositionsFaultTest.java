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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What positions redeliver and what can be lost, counted per path (docs/delivery.md, "Positions").
 * The server ({@link SequencePlugin}: event {@code n} has position {@code n}, a run starts at the
 * last position + 1) and the reader (the cli module's client, which prints each event before it
 * reads the next, as Argo's client dispatches it) are separate processes; clients and servers are
 * killed with SIGKILL. Each case prints one line: {@code emitted} distinct sequence numbers, {@code
 * re-read} emits of a number a run had emitted before (events the SDK never handed over, read again
 * from the position), {@code received} lines the clients printed, {@code duplicates} numbers
 * printed more than once, {@code lost} numbers never printed.
 */
class PositionsFaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NAME = "positions";

  /** Events a stream must carry before the test breaks it: enough that the break hits traffic. */
  private static final int BEFORE_BREAK = 300;

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private int port;
  private String config = "{every: 5ms, burst: 5}";
  private Path emitLog;
  private Path emitSwitch;

  @AfterEach
  void killEverything() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void memoryStoreClientBreak() throws Exception {
    clientBreakWithoutOutbox("memory", "memory");
  }

  @Test
  void fileStoreClientBreak() throws Exception {
    clientBreakWithoutOutbox("file", dir.resolve("store").toString());
  }

  /**
   * Without an outbox a client break ends the run; the next stream's run starts right after the
   * last event handed to gRPC. What the SDK still held is read again, never lost; what gRPC held is
   * lost (no acknowledgement); nothing the client printed comes again.
   */
  private void clientBreakWithoutOutbox(String label, String store) throws Exception {
    // 1 KiB events: a client that stops reading fills the transport's windows, then the SDK's
    // buffer, within seconds, so the break finds events the SDK still holds
    config = "{every: 5ms, burst: 5, pad: 1000}";
    Process server = server("server", "--store", store);
    Path out1 = dir.resolve("client1.out");
    Process client1 = client("client1", out1);
    awaitPrinted("client 1", out1, BEFORE_BREAK);
    signal("STOP", client1); // Argo's client stalls on a slow event bus: it reads nothing more
    await("the SDK's buffer fills and refuses an event", () -> EmitLog.read(emitLog).refused > 0);
    killHard(client1);
    await(
        "the server ends the broken stream's run",
        () -> read(dir.resolve("server.err")).contains("stream ended event=" + NAME));

    Path out2 = dir.resolve("client2.out");
    client("client2", out2);
    awaitPrinted("client 2", out2, BEFORE_BREAK);

    Clients c = counted(server, out1, out2);
    EmitLog log = c.log();
    Tally tally = c.tally();
    long lastPrinted = c.lastOfFirst();
    long resumedAt = log.starts.get(1);
    tally.print(label + ", client break", "resumed at " + resumedAt + " after " + lastPrinted);

    assertThat(log.starts).as("runs: one per stream").hasSize(2).first().isEqualTo(1L);
    assertThat(c.printed2().get(0))
        .as("the second stream begins at its run's start")
        .isEqualTo(resumedAt);
    assertThat(resumedAt - 1)
        .as("the position covers every event the broken client printed")
        .isGreaterThanOrEqualTo(lastPrinted);
    assertThat(tally.duplicates).as("duplicates").isEmpty();
    assertThat(tally.lost)
        .as("lost: only events handed to gRPC before the break and not printed")
        .allMatch(s -> s > lastPrinted && s < resumedAt);
    assertThat(resumedAt - 1)
        .as("the position stays behind the events the SDK still held at the break")
        .isLessThan(log.lastAcceptedByRun.get(0));
    assertThat(tally.reRead)
        .as("those events are read again by the next run")
        .isGreaterThanOrEqualTo(log.lastAcceptedByRun.get(0) - (resumedAt - 1));
    assertThat(tally.discontinuities).as("breaks in the printed sequence").isLessThanOrEqualTo(1);
  }

  /**
   * The server is killed while the client reads; the restarted process's run starts after the
   * position the file store kept.
   */
  @Test
  void fileStoreServerKill9() throws Exception {
    String store = dir.resolve("store").toString();
    Process a = server("a", "--store", store);
    Path out = retryingClient();
    awaitPrintedFrom("the client", out, "A", a);
    killHard(a);
    Process b = server("b", "--store", store);
    awaitPrintedFrom("the client", out, "B", b);

    Swap swap = swapped("file, kill-9", a, b, out);
    Tally tally = swap.tally();
    long lastFromA = swap.lastFromA();
    long resumedAt = swap.resumedAt();

    assertThat(resumedAt).as("the restarted run resumes from the stored position").isGreaterThan(1);
    assertThat(swap.firstFromB()).isEqualTo(resumedAt);
    assertThat(tally.lost)
        .as("lost: only events handed to gRPC before the kill and not printed")
        .allMatch(s -> s > lastFromA && s < resumedAt);
    assertThat(tally.duplicates)
        .as("duplicates: only events printed after the last position the store wrote")
        .allMatch(s -> s >= resumedAt && s <= lastFromA);
    assertThat(tally.discontinuities).as("breaks in the printed sequence").isLessThanOrEqualTo(1);
  }

  /** The memory store dies with the process: the restarted run starts with no position. */
  @Test
  void memoryStoreServerKill9() throws Exception {
    Process a = server("a", "--store", "memory");
    Path out = retryingClient();
    awaitPrintedFrom("the client", out, "A", a);
    killHard(a);
    Process b = server("b", "--store", "memory");
    await(
        "server B's run passes the last event the client printed from A",
        () -> {
          List<JsonNode> printed = bodies(out);
          long lastOfA = 0;
          long lastOfB = 0;
          for (JsonNode body : printed) {
            long seq = body.path("seq").asLong();
            if (body.path("pid").asLong() == a.pid()) {
              lastOfA = seq;
            } else {
              lastOfB = seq;
            }
          }
          return lastOfB > lastOfA + 50;
        });

    Swap swap = swapped("memory, kill-9", a, b, out);
    Tally tally = swap.tally();
    long lastFromA = swap.lastFromA();
    assertThat(swap.resumedAt()).as("no position survives the process").isEqualTo(1);
    assertThat(tally.lost).as("lost: the new run reads everything again").isEmpty();
    assertThat(tally.duplicates)
        .as("duplicates: everything the client printed from A")
        .hasSize((int) lastFromA);
  }

  /**
   * A graceful restart (SIGTERM): the server flushes what it holds while the client reads, ends the
   * stream, and the next process resumes after the last event handed over.
   */
  @Test
  void fileStoreServerRestart() throws Exception {
    String store = dir.resolve("store").toString();
    Process a = server("a", "--store", store);
    Path out = retryingClient();
    awaitPrintedFrom("the client", out, "A", a);
    a.destroy(); // SIGTERM
    assertThat(a.waitFor(30, TimeUnit.SECONDS)).as("server A exits on SIGTERM").isTrue();
    Process b = server("b", "--store", store);
    awaitPrintedFrom("the client", out, "B", b);

    Swap swap = swapped("file, restart", a, b, out);
    assertThat(swap.resumedAt())
        .as("the next process resumes right after the last event A handed over")
        .isEqualTo(swap.lastFromA() + 1);
    assertThat(swap.tally().lost).as("lost").isEmpty();
    assertThat(swap.tally().duplicates).as("duplicates").isEmpty();
  }

  /**
   * With an outbox on the file store the position is recorded when the event is stored. The client
   * breaks, the run goes on into the outbox, and the server is killed with that backlog; the next
   * process sends the backlog first and its run resumes from the stored position. Nothing stored
   * while the client was away is lost.
   */
  @Test
  void fileStoreWithOutboxServerKill9() throws Exception {
    String store = dir.resolve("store").toString();
    Process a = server("a", "--store", store, "--with-outbox");
    Path out1 = dir.resolve("client1.out");
    Process client1 = client("client1", out1);
    awaitPrinted("client 1", out1, BEFORE_BREAK);
    killHard(client1);
    awaitBacklog("server A", "a");
    killHard(a);
    Process b = server("b", "--store", store, "--with-outbox");
    Path out2 = dir.resolve("client2.out");
    client("client2", out2);
    awaitPrintedFrom("client 2", out2, "B", b);

    Clients c = counted(b, out1, out2);
    EmitLog log = c.log();
    Tally tally = c.tally();
    long lastPrinted = c.lastOfFirst();
    TreeSet<Long> away = storedWhileAway(log);
    long lastStoredByA = log.lastAcceptedBy(a.pid());
    long resumedAt = log.startOf(b.pid());
    tally.print(
        "file+outbox, kill-9",
        "client 1 printed up to "
            + lastPrinted
            + "; "
            + away.size()
            + " stored while the client was away ["
            + away.first()
            + "-"
            + away.last()
            + "]; A stored up to "
            + lastStoredByA
            + ", B resumed at "
            + resumedAt);

    assertThat(tally.lost)
        .as("lost: nothing stored while the client was away")
        .noneMatch(away::contains);
    assertThat(tally.lost)
        .as("lost: only events handed to gRPC before the client broke and not printed")
        .allMatch(s -> s > lastPrinted && s < away.first());
    assertThat(c.printed2()).as("the backlog arrives, in order").containsSubsequence(away);
    assertThat(resumedAt - 1)
        .as("B's run resumes from a position A stored (or the emit the kill interrupted)")
        .isPositive()
        .isLessThanOrEqualTo(lastStoredByA + 1);
    // repeats: events after the position the store last wrote (read again by B's run), and events
    // handed over since the outbox's last delivery mark (written at least every 64 deliveries)
    long firstRepeatable = Math.min(resumedAt, lastPrinted - 63);
    assertThat(tally.duplicates)
        .as("duplicates: only events stored shortly before the kill or the break")
        .allMatch(s -> s >= firstRepeatable && s <= lastStoredByA + 1);
    assertThat(tally.discontinuities)
        .as("breaks in the printed sequence: at most one per fault")
        .isLessThanOrEqualTo(2);
  }

  /**
   * With an outbox in memory a client break does not end the run: the backlog waits and reaches the
   * next stream first. What gRPC held at the break is lost.
   */
  @Test
  void memoryStoreWithOutboxClientBreak() throws Exception {
    Process server = server("server", "--store", "memory", "--with-outbox");
    Path out1 = dir.resolve("client1.out");
    Process client1 = client("client1", out1);
    awaitPrinted("client 1", out1, BEFORE_BREAK);
    killHard(client1);
    awaitBacklog("the server", "server");
    Path out2 = dir.resolve("client2.out");
    client("client2", out2);
    awaitPrinted("client 2", out2, 2 * BEFORE_BREAK);

    Clients c = counted(server, out1, out2);
    EmitLog log = c.log();
    Tally tally = c.tally();
    long lastPrinted = c.lastOfFirst();
    TreeSet<Long> away = storedWhileAway(log);
    tally.print(
        "memory+outbox, client break",
        away.size() + " stored while the client was away, after " + lastPrinted);

    assertThat(log.starts).as("one run: the outbox keeps it across the break").containsExactly(1L);
    assertThat(tally.duplicates).as("duplicates").isEmpty();
    assertThat(tally.lost)
        .as("lost: only events handed to gRPC before the break and not printed")
        .allMatch(s -> s > lastPrinted && s < away.first());
    assertThat(c.printed2()).as("the backlog arrives, in order").containsSubsequence(away);
    assertThat(tally.discontinuities).as("breaks in the printed sequence").isLessThanOrEqualTo(1);
  }

  // --- processes

  private Process server(String name, String... extra) throws IOException {
    if (emitLog == null) {
      port = Faults.freePort();
      emitLog = dir.resolve("emit.log");
      emitSwitch = Files.createFile(dir.resolve("emit-on"));
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--shutdown-grace",
                "1s",
                "--emit-log",
                emitLog.toString(),
                "--emit-switch",
                emitSwitch.toString()));
    args.addAll(List.of(extra));
    Process p =
        Faults.java(
            SequencePlugin.class,
            dir.resolve(name + ".out"),
            dir.resolve(name + ".err"),
            args.toArray(String[]::new));
    processes.add(p);
    return p;
  }

  private Process client(String name, Path stdout, String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--url", "127.0.0.1:" + port, "--name", NAME, "--config", config, "--json-body"));
    args.addAll(List.of(extra));
    Process p = Faults.client(stdout, dir.resolve(name + ".err"), args.toArray(String[]::new));
    processes.add(p);
    return p;
  }

  /**
   * Once {@code server}'s run has emitted every number any run emitted before, stops the plugin's
   * emits and waits until the client printed the last event {@code server} accepted, so every count
   * is final.
   */
  private void drain(Process server, Path stdout) throws IOException {
    await(
        "server " + server.pid() + "'s run passes every number emitted before",
        () -> {
          EmitLog log = EmitLog.read(emitLog);
          return log.lastAcceptedBy(server.pid()) >= log.highestAccepted();
        });
    Files.delete(emitSwitch);
    await(
        "server " + server.pid() + "'s run pauses",
        () -> EmitLog.read(emitLog).paused.contains(server.pid()));
    long last = EmitLog.read(emitLog).lastAcceptedBy(server.pid());
    await(
        "the client prints event " + last,
        () -> {
          List<Long> printed = seqs(stdout);
          return !printed.isEmpty() && printed.get(printed.size() - 1) >= last;
        });
  }

  /** A client that reconnects every 300 ms, printing to client.out. */
  private Path retryingClient() throws IOException {
    Path out = dir.resolve("client.out");
    client("client", out, "--retry", "300ms");
    return out;
  }

  /** Waits until the client {@code who} printed {@code n} events to {@code out}. */
  private void awaitPrinted(String who, Path out, int n) {
    await(who + " prints " + n + " events", () -> completeLines(out).size() >= n);
  }

  /**
   * Waits until {@code who} printed BEFORE_BREAK events to {@code out} from server {@code name}.
   */
  private void awaitPrintedFrom(String who, Path out, String name, Process server) {
    await(
        who + " prints " + BEFORE_BREAK + " events from server " + name,
        () -> printedFrom(out, server.pid()) >= BEFORE_BREAK);
  }

  /**
   * After a client break, waits until {@code who} (writing {@code name}.err) detaches the run, then
   * until its run stored BEFORE_BREAK events while the client is away.
   */
  private void awaitBacklog(String who, String name) throws IOException {
    await(
        who + " detaches the run",
        () -> read(dir.resolve(name + ".err")).contains("stream detached event=" + NAME));
    mark("away");
    await(
        BEFORE_BREAK + " events stored while the client is away",
        () -> EmitLog.read(emitLog).acceptedAfter("away").size() >= BEFORE_BREAK);
  }

  /** Waits for {@code condition}; a timeout shows the tail of every process's stderr. */
  private void await(String what, BooleanSupplier condition) {
    Waits.until(
        what,
        WAIT,
        condition,
        () -> {
          StringBuilder logs = new StringBuilder();
          try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".err")).sorted().toList()) {
              String text = read(f);
              logs.append("\n--- ")
                  .append(f.getFileName())
                  .append(":\n")
                  .append(text.substring(Math.max(0, text.length() - 3000)));
            }
          } catch (IOException e) {
            logs.append(e);
          }
          return logs;
        });
  }

  /** Sends {@code kill -SIGNAL} to {@code process}. */
  private static void signal(String signal, Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
        .as("kill -" + signal + " " + process.pid())
        .isTrue();
  }

  private void mark(String name) throws IOException {
    Files.writeString(emitLog, "mark " + name + "\n", StandardOpenOption.APPEND);
  }

  // --- counting

  /** What one client printed while server {@code a} was replaced by server {@code b}. */
  private record Swap(Tally tally, long lastFromA, long firstFromB, long resumedAt) {}

  /**
   * Drains server {@code b}, then counts what the client printed to {@code out} and prints the
   * tally as case {@code label}.
   */
  private Swap swapped(String label, Process a, Process b, Path out) throws IOException {
    drain(b, out);
    EmitLog log = EmitLog.read(emitLog);
    List<Long> printed = seqs(out);
    List<Long> pids = pids(out);
    Swap swap =
        new Swap(
            Tally.of(log, printed),
            printed.get(pids.lastIndexOf(a.pid())),
            printed.get(pids.indexOf(b.pid())),
            log.startOf(b.pid()));
    swap.tally().print(label, "resumed at " + swap.resumedAt() + " after " + swap.lastFromA());
    return swap;
  }

  /** What two clients, one after the other, printed. */
  private record Clients(EmitLog log, Tally tally, List<Long> printed2, long lastOfFirst) {}

  /** Drains {@code server}, then counts what the clients printed to {@code out1}, {@code out2}. */
  private Clients counted(Process server, Path out1, Path out2) throws IOException {
    drain(server, out2);
    EmitLog log = EmitLog.read(emitLog);
    List<Long> printed1 = seqs(out1);
    List<Long> printed2 = seqs(out2);
    return new Clients(
        log, Tally.of(log, printed1, printed2), printed2, printed1.get(printed1.size() - 1));
  }

  /**
   * The events the plugin emitted after the test saw the run detach. The first one logged after the
   * mark may be an emit that was already under way, and handed to the dying call, when the run
   * detached (the plugin logs an emit once it returned), so it does not count.
   */
  private static TreeSet<Long> storedWhileAway(EmitLog log) {
    List<Long> after = log.acceptedAfter("away");
    return new TreeSet<>(after.subList(Math.min(1, after.size()), after.size()));
  }

  /** The sequence numbers the client printed, in order. */
  private static List<Long> seqs(Path stdout) {
    return bodies(stdout).stream().map(b -> b.path("seq").asLong()).toList();
  }

  /** The PID of the process that emitted each printed event, in order. */
  private static List<Long> pids(Path stdout) {
    return bodies(stdout).stream().map(b -> b.path("pid").asLong()).toList();
  }

  private static long printedFrom(Path stdout, long pid) {
    return pids(stdout).stream().filter(p -> p == pid).count();
  }

  private static List<JsonNode> bodies(Path stdout) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : completeLines(stdout)) {
      try {
        out.add(JSON.readTree(line).path("body"));
      } catch (IOException e) {
        throw new AssertionError("client printed a line that is not JSON: " + line, e);
      }
    }
    return out;
  }

  /** The plugin's emit log, with the test's marks. */
  private static final class EmitLog {
    final List<Long> starts = new ArrayList<>();
    final Map<Long, Long> startByPid = new HashMap<>();
    final List<Long> accepted = new ArrayList<>();
    final Map<Long, Long> lastAcceptedByPid = new HashMap<>();
    final Map<String, Integer> marks = new HashMap<>();
    final List<Long> paused = new ArrayList<>();
    final List<Long> lastAcceptedByRun = new ArrayList<>();
    long refused;

    static EmitLog read(Path file) {
      EmitLog log = new EmitLog();
      for (String line : completeLines(file)) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "start" -> {
            log.starts.add(Long.parseLong(f[2]));
            log.lastAcceptedByRun.add(0L);
            log.startByPid.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
          }
          case "accepted" -> {
            log.accepted.add(Long.parseLong(f[2]));
            log.lastAcceptedByPid.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
            log.lastAcceptedByRun.set(log.lastAcceptedByRun.size() - 1, Long.parseLong(f[2]));
          }
          case "refused" -> log.refused++;
          case "paused" -> log.paused.add(Long.parseLong(f[1]));
          case "mark" -> log.marks.put(f[1], log.accepted.size());
          default -> throw new AssertionError("unexpected emit log line: " + line);
        }
      }
      return log;
    }

    List<Long> acceptedAfter(String mark) {
      Integer from = marks.get(mark);
      return from == null ? List.of() : accepted.subList(from, accepted.size());
    }

    long startOf(long pid) {
      Long first = startByPid.get(pid);
      assertThat(first).as("run start of process " + pid).isNotNull();
      return first;
    }

    long highestAccepted() {
      return accepted.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    long lastAcceptedBy(long pid) {
      return lastAcceptedByPid.getOrDefault(pid, 0L);
    }
  }

  /** What the clients received against what the plugin emitted. */
  private static final class Tally {
    long emitted;
    long reRead;
    long received;
    final List<Long> duplicates = new ArrayList<>();
    final List<Long> lost = new ArrayList<>();

    /** Places where the printed sequence does not go on by exactly one. */
    int discontinuities;

    @SafeVarargs
    static Tally of(EmitLog log, List<Long>... printedPerClient) {
      Tally t = new Tally();
      List<Long> printed = new ArrayList<>();
      for (List<Long> p : printedPerClient) {
        printed.addAll(p);
      }
      long highest = 0;
      for (long s : log.accepted) {
        highest = Math.max(highest, s);
      }
      for (long s : printed) {
        highest = Math.max(highest, s); // an emit the kill interrupted after the outbox stored it
      }
      t.emitted = highest;
      t.reRead = log.accepted.size() - new TreeSet<>(log.accepted).size();
      t.received = printed.size();
      Map<Long, Integer> times = new HashMap<>();
      long previous = 0;
      for (long s : printed) {
        if (times.merge(s, 1, Integer::sum) == 2) {
          t.duplicates.add(s);
        }
        if (s != previous + 1) {
          t.discontinuities++;
        }
        previous = s;
      }
      for (long s = 1; s <= highest; s++) {
        if (!times.containsKey(s)) {
          t.lost.add(s);
        }
      }
      return t;
    }

    void print(String path, String detail) {
      System.out.printf(
          "positions[%s]: emitted=%d re-read=%d received=%d duplicates=%d%s lost=%d%s (%s)%n",
          path,
          emitted,
          reRead,
          received,
          duplicates.size(),
          ranges(duplicates),
          lost.size(),
          ranges(lost),
          detail);
    }

    /** {@code " [3-5, 9]"} for 3, 4, 5, 9; empty for none. */
    private static String ranges(List<Long> numbers) {
      if (numbers.isEmpty()) {
        return "";
      }
      List<Long> sorted = new ArrayList<>(new TreeSet<>(numbers));
      StringBuilder out = new StringBuilder(" [");
      int from = 0;
      for (int i = 1; i <= sorted.size(); i++) {
        if (i == sorted.size() || sorted.get(i) != sorted.get(i - 1) + 1) {
          out.append(from == 0 ? "" : ", ").append(sorted.get(from));
          if (i - 1 > from) {
            out.append('-').append(sorted.get(i - 1));
          }
          from = i;
        }
      }
      return out.append(']').toString();
    }
  }
}
