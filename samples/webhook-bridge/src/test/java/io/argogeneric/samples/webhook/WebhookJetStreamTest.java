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
package io.argogeneric.samples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.NatsServer;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three bridge replicas as processes (the shaded jar) on one real nats-server, eight senders
 * posting to all of them, and an Argo-like client that reconnects to another replica when its
 * stream ends: every request answered 200 arrives at least once.
 */
class WebhookJetStreamTest {
  private static final Path JAR = Path.of("target", "webhook-bridge-eventsource.jar");
  private static final Pattern GRPC_PORT = Pattern.compile("serving gRPC on port (\\d+)");
  private static final Pattern EVENT =
      Pattern.compile(
          "\"X-Webhook-Event-Id\":\\[\"(\\d+)\"\\].*\"body\":\\{\"id\":\"([^\"]+)\"\\}");
  private static final String CONFIG = "endpoint: /hook";
  private static final int SENDERS = 8;

  private final List<Replica> replicas = new ArrayList<>();
  private NatsServer nats;
  private Client client;

  @AfterEach
  void tearDown(org.junit.jupiter.api.TestInfo test) throws Exception {
    // each replica's log, for the diagnosis of a failure (natsRestart has failed now and then)
    for (int i = 0; i < replicas.size(); i++) {
      java.nio.file.Files.write(
          java.nio.file.Path.of(
              "target/"
                  + test.getTestMethod().map(m -> m.getName()).orElse("test")
                  + "-replica-"
                  + i
                  + ".log"),
          replicas.get(i).log);
    }
    if (nats != null) {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(
              "target/" + test.getTestMethod().map(m -> m.getName()).orElse("test") + "-nats.log"),
          nats.log());
    }
    if (client != null) {
      client.close();
    }
    replicas.forEach(Replica::kill);
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  @DisplayName(
      "failover: kill -9 of the replica holding Argo's stream mid-load; the client reconnects to another; every 200 arrives")
  void failover() throws Exception {
    nats = NatsServer.start();
    for (int i = 0; i < 3; i++) {
      replicas.add(Replica.start(nats.url()));
    }
    client = new Client(replicas);
    Load load = new Load(replicas);
    load.awaitServedEverywhere();
    load.start();
    client.awaitReceived(200);
    Replica holder = replicas.get(0);
    holder.kill();
    int deliveredAtKill = client.received.size();
    // keep posting while the client finds another replica and after it has
    Waits.until(
        "the client to read from another replica",
        Duration.ofSeconds(30),
        () -> client.received.size() > deliveredAtKill + 200);
    load.stop();
    Result r = client.awaitAll(load.accepted, Duration.ofSeconds(45));
    System.out.printf(
        "failover: accepted=%d delivered=%d duplicates=%d lost=%d refused=%d reconnects=%d%n",
        load.accepted.size(),
        r.delivered,
        r.duplicates,
        r.lost,
        load.refused.get(),
        client.streams.get() - 1);
    assertThat(r.lost).as("200-answered requests never delivered").isZero();
    assertThat(client.streams.get()).as("streams the client opened").isGreaterThanOrEqualTo(2);
    assertThat(r.sameIdForDuplicates)
        .as("a redelivery carries its first delivery's event id")
        .isTrue();
  }

  @Test
  @DisplayName(
      "garbage others put in the endpoint bucket is ignored with a bounded number of log lines, keys shortened")
  void bucketGarbageLogsBounded() throws Exception {
    nats = NatsServer.start();
    Replica replica = Replica.start(nats.url());
    replicas.add(replica); // killed in tearDown
    int garbage = 300;
    String longTail = "x".repeat(2_000); // NATS caps a subject (key) near 4 KiB
    try (io.nats.client.Connection nc = io.nats.client.Nats.connect(nats.url())) {
      io.nats.client.KeyValue kv = nc.keyValue("webhook-endpoints");
      for (int i = 0; i < garbage; i++) {
        kv.put("junk-" + i + "-" + longTail, "not json".getBytes(StandardCharsets.UTF_8));
      }
      kv.put("junk-last", "not json".getBytes(StandardCharsets.UTF_8));
      // an end marker: a valid declaration after the junk; the watcher reads the bucket in order,
      // so once the replica serves /marker it has been through every junk key
      WebhookConfig marker =
          new WebhookConfig(
              "/marker", "POST", null, null, null, null, null, null, null, null, null);
      kv.put(
          JetStreamBridge.key(marker),
          "{\"endpoint\":\"/marker\",\"method\":\"POST\"}".getBytes(StandardCharsets.UTF_8));
    }
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest toMarker =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort + "/marker"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    Waits.until(
        "the replica to serve /marker, declared after the junk",
        Duration.ofSeconds(30),
        () -> {
          try {
            return http.send(toMarker, HttpResponse.BodyHandlers.discarding()).statusCode() / 100
                == 2;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
    long lines = replica.log.stream().filter(l -> l.contains("ignoring key")).count();
    int longest = replica.log.stream().mapToInt(String::length).max().orElse(0);
    System.out.printf(
        "bucket garbage: %d keys put, %d log lines, longest line %d chars%n",
        garbage + 1, lines, longest);
    assertThat(lines).as("log lines about ignored keys").isBetween(1L, 21L);
    assertThat(longest).as("keys are shortened in the log").isLessThan(1_000);
    assertThat(replica.alive()).isTrue();
  }

  @Test
  @DisplayName(
      "nats-server restart mid-load: no request answered 200 is lost (503s while it is down)")
  void natsRestart() throws Exception {
    nats = NatsServer.start();
    for (int i = 0; i < 3; i++) {
      replicas.add(Replica.start(nats.url()));
    }
    client = new Client(replicas);
    Load load = new Load(replicas);
    load.awaitServedEverywhere();
    load.start();
    client.awaitReceived(200);
    nats.kill();
    int refusedAtKill = load.refused.get();
    Waits.until(
        "senders to be refused while nats-server is down",
        Duration.ofSeconds(30),
        () -> load.refused.get() > refusedAtKill + 20);
    nats.restart();
    int acceptedAtRestart = load.accepted.size();
    Waits.until(
        "senders to be accepted again",
        Duration.ofSeconds(30),
        () -> load.accepted.size() > acceptedAtRestart + 200);
    load.stop();
    Result r = client.awaitAll(load.accepted, Duration.ofSeconds(45));
    long resubscribed =
        replicas.stream()
            .flatMap(rep -> rep.log.stream())
            .filter(l -> l.contains("subscribed again"))
            .count();
    System.out.printf(
        "nats-restart: accepted=%d delivered=%d duplicates=%d lost=%d refused(503)=%d"
            + " holder re-binds logged=%d%n",
        load.accepted.size(), r.delivered, r.duplicates, r.lost, load.refused.get(), resubscribed);
    assertThat(r.lost).as("200-answered requests never delivered").isZero();
  }

  record Result(int delivered, int duplicates, int lost, boolean sameIdForDuplicates) {}

  /** Eight senders posting round-robin to every replica; each request has its own id. */
  private static final class Load {
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final AtomicInteger refused = new AtomicInteger();
    private final List<Replica> replicas;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Load(List<Replica> replicas) {
      this.replicas = replicas;
    }

    /** A first request to every replica succeeds: each serves the endpoint the client declared. */
    void awaitServedEverywhere() {
      for (Replica r : replicas) {
        AtomicInteger n = new AtomicInteger();
        Waits.until(
            "replica on HTTP port " + r.httpPort + " to serve /hook",
            Duration.ofSeconds(30),
            () -> post(r, "probe-" + r.httpPort + "-" + n.incrementAndGet()));
      }
    }

    void start() {
      running.set(true);
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        Thread t =
            new Thread(
                () -> {
                  for (int i = 0; running.get(); i++) {
                    post(replicas.get((i + sender) % replicas.size()), sender + "-" + i);
                  }
                },
                "sender-" + s);
        t.start();
        threads.add(t);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(30_000);
      }
    }

    private boolean post(Replica r, String id) {
      try {
        HttpResponse<String> res =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort + "/hook"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 == 2) {
          accepted.add(id);
          return true;
        }
        refused.incrementAndGet();
        return false;
      } catch (IOException e) {
        refused.incrementAndGet(); // the replica is dead
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Argo's client: one stream at a time, opened again on another replica (as through a Service)
   * when it ends.
   */
  private static final class Client implements AutoCloseable {
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger streams = new AtomicInteger();
    private final List<Replica> replicas;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread loop;
    private volatile ManagedChannel channel;
    private volatile EventReader reader;

    Client(List<Replica> replicas) {
      this.replicas = replicas;
      loop = new Thread(this::run, "argo-client");
      loop.setDaemon(true);
      loop.start();
    }

    private void run() {
      int next = 0;
      while (running.get()) {
        Replica r = replicas.get(next % replicas.size());
        next++;
        if (!r.alive()) {
          continue;
        }
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", r.grpcPort).usePlaintext().build();
        streams.incrementAndGet();
        EventReader reader =
            new EventReader(EventReader.AUTO) {
              @Override
              public void onNext(io.argogeneric.proto.Event value) {
                Client.this.received.add(value.getPayload().toStringUtf8());
              }
            };
        this.reader =
            reader.start(io.argogeneric.proto.EventingGrpc.newStub(channel), "hook", CONFIG);
        reader.end.join();
        channel.shutdownNow();
        try {
          Thread.sleep(500); // Argo waits 5 s before it reconnects
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void awaitReceived(int n) {
      Waits.until(
          n + " events at the client",
          Duration.ofSeconds(30),
          () -> received.size() >= n,
          () ->
              "received "
                  + received.size()
                  + "; replica logs: "
                  + replicas.stream().map(r -> r.log).toList());
    }

    Result awaitAll(Set<String> accepted, Duration timeout) {
      try {
        Waits.until(
            "every accepted request at the client",
            timeout,
            () -> ids().keySet().containsAll(accepted));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // counted below
      }
      Map<String, List<String>> ids = ids();
      int duplicates = 0;
      boolean same = true;
      for (List<String> eventIds : ids.values()) {
        duplicates += eventIds.size() - 1;
        same &= new HashSet<>(eventIds).size() == 1;
      }
      Set<String> lost = new HashSet<>(accepted);
      lost.removeAll(ids.keySet());
      if (!lost.isEmpty()) {
        System.out.println("lost: " + lost.stream().limit(20).toList());
      }
      return new Result(received.size(), duplicates, lost.size(), same);
    }

    /** Request id to the event ids it arrived with. */
    private Map<String, List<String>> ids() {
      Map<String, List<String>> ids = new HashMap<>();
      for (String payload : received) {
        Matcher m = EVENT.matcher(payload);
        assertThat(m.find()).as("event %s", payload).isTrue();
        ids.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(1));
      }
      return ids;
    }

    @Override
    public void close() {
      running.set(false);
      loop.interrupt();
      EventReader r = reader;
      if (r != null) {
        r.end.complete(io.grpc.Status.CANCELLED);
      }
      ManagedChannel c = channel;
      if (c != null) {
        c.shutdownNow();
      }
    }
  }

  /** One bridge process. */
  private static final class Replica {
    final Process process;
    final int httpPort;
    final int grpcPort;
    final List<String> log;

    private Replica(Process process, int httpPort, int grpcPort, List<String> log) {
      this.process = process;
      this.httpPort = httpPort;
      this.grpcPort = grpcPort;
      this.log = log;
    }

    static Replica start(String natsUrl) throws Exception {
      assertThat(JAR).as("the shaded jar is built in process-classes").exists();
      int httpPort;
      try (ServerSocket free = new ServerSocket(0)) {
        httpPort = free.getLocalPort();
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(
          List.of(
              "-Xmx256m",
              "-jar",
              JAR.toString(),
              "--port",
              "0",
              "--bind",
              "127.0.0.1",
              "--http-port",
              String.valueOf(httpPort),
              "--http-bind",
              "127.0.0.1",
              "--jetstream",
              natsUrl));
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      List<String> log = new CopyOnWriteArrayList<>();
      CompletableFuture<Integer> grpcPort = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    if (log.size() < 10_000) {
                      log.add(line);
                    }
                    Matcher m = GRPC_PORT.matcher(line);
                    if (m.find()) {
                      grpcPort.complete(Integer.parseInt(m.group(1)));
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
                grpcPort.completeExceptionally(new AssertionError("bridge exited: " + log));
              });
      t.setDaemon(true);
      t.start();
      return new Replica(p, httpPort, grpcPort.get(60, TimeUnit.SECONDS), log);
    }

    boolean alive() {
      return process.isAlive();
    }

    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
