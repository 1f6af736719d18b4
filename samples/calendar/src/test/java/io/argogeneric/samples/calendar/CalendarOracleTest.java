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
package io.argogeneric.samples.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.sdk.Cancellable;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.TimeSource;
import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.sdk.store.StateStore;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.argogeneric.testkit.VirtualTime;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Parity with Argo, proven by running Argo's code: the Go oracle (src/test/go/calendar-oracle,
 * Argo's calendar logic on robfig/cron v3) says which events Argo's catch-up emits and when its
 * first timer fires; the real plugin, served over a loopback gRPC socket on virtual time, must do
 * the same. Every difference must be one the README's table of differences documents (its category
 * is named by {@link #classify}); an allowed difference that no longer occurs fails too, so the
 * list stays true.
 */
class CalendarOracleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MONOTONIC = Pattern.compile("(.*) m=\\+\\d+\\.\\d{9}");
  private static final Duration WAIT = Duration.ofSeconds(10);

  // the SDK's store, in memory, seeded with each case's last event time as the SDK records it
  private final SeededStore store = new SeededStore();
  private final SwitchableTime clock = new SwitchableTime();
  private ScheduledExecutorService executor;
  private EventingEngine<CalendarConfig> engine;
  private Server server;
  private ManagedChannel channel;

  /**
   * A {@link StateStore} in memory whose positions a test can seed: the last event time of an event
   * name, encoded as the SDK encodes an {@code Instant} position (JSON, after a tag byte {@code
   * j}); {@link #seedsAreWhatTheSdkRecords} pins that encoding.
   */
  static final class SeededStore implements StateStore {
    final Map<String, byte[]> positions = new ConcurrentHashMap<>();

    static byte[] encode(Instant lastEventTime) {
      return ("j\"" + lastEventTime + "\"").getBytes(StandardCharsets.UTF_8);
    }

    void seed(String eventName, Instant lastEventTime) {
      positions.put(eventName, encode(lastEventTime));
    }

    @Override
    public IdentityState open(String eventName, String configHash) {
      return new IdentityState() {
        @Override
        public byte[] position() {
          return positions.get(eventName);
        }

        @Override
        public void putPosition(byte[] position) {
          positions.put(eventName, position);
        }

        @Override
        public OutboxLog outbox() {
          throw new UnsupportedOperationException("the calendar has no outbox");
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public boolean persistent() {
      return false;
    }

    @Override
    public void close() {}
  }

  /** Each case gets a fresh virtual clock at its own "now"; the server keeps running. */
  static final class SwitchableTime implements TimeSource {
    volatile VirtualTime current = VirtualTime.startingAt(Instant.EPOCH);

    @Override
    public Instant now() {
      return current.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      return current.schedule(delay, task);
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    executor = Executors.newScheduledThreadPool(2);
    engine =
        EventingEngine.builder(new CalendarEventSource())
            .executor(executor)
            .timeSource(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .store(store)
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(engine.serviceDefinition())
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    engine.shutdown(Duration.ofMillis(200));
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    executor.shutdownNow();
  }

  @Test
  @DisplayName(
      "Catch-up and the first timer match Argo's calendar on robfig/cron v3, case by case, but for documented differences")
  void catchUpMatchesArgo() throws Exception {
    List<OracleCases.Case> cases = OracleCases.all();
    List<JsonNode> argo = GoOracle.run(cases.stream().map(OracleCases.Case::toOracle).toList());
    Map<String, Integer> allowed = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int compared = 0;

    int events = 0;
    for (int i = 0; i < cases.size(); i++) {
      OracleCases.Case c = cases.get(i);
      JsonNode a = argo.get(i);
      if (a.path("truncated").asBoolean() && c.allow() == null) {
        continue; // more than the oracle's limit of catch-up events: a generated case too long to
        // compare
      }
      compared++;
      Outcome ours = run(c, a);
      events +=
          a.path("events").size()
              + (a.hasNonNull("live") ? 1 : 0); // Argo's events, compared one by one
      String difference = difference(a, ours);
      String category = difference == null ? null : classify(c, a, ours);
      if (category != null && category.equals(c.allow() == null ? category : c.allow())) {
        allowed.merge(category, 1, Integer::sum);
      } else if (difference != null) {
        failures.add(describe(c, a, ours, difference));
      } else if (c.allow() != null) {
        failures.add(
            c.id()
                + " "
                + c.config()
                + ": listed as '"
                + c.allow()
                + "' but matches Argo; drop it from the list");
      }
    }
    int differences = allowed.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "calendar oracle: %d cases generated (%d edge, %d random), %d compared, %d of Argo's events, %d allowed differences %s%n",
        cases.size(),
        cases.stream().filter(k -> k.id().startsWith("e")).count(),
        cases.stream().filter(k -> k.id().startsWith("r")).count(),
        compared,
        events,
        differences,
        allowed);
    assertThat(failures)
        .as("cases where the server and Argo differ, not in the README's table")
        .isEmpty();
    assertThat(compared).as("cases compared").isGreaterThanOrEqualTo(500);
  }

  @Test
  @DisplayName(
      "The seeded history is what the SDK records: a timer event's time, as the next run reads it")
  void seedsAreWhatTheSdkRecords() throws Exception {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-11-26T08:30:00.25Z"));
    clock.current = time;
    String config = "{\"interval\": \"1h\", \"persistence\": {\"catchup\": {\"enabled\": true}}}";
    EventReader first = EventReader.open(channel, "probe", config);
    Waits.until("the timer to be armed", WAIT, () -> time.pendingTasks() > 0);
    time.advance(Duration.ofHours(1)); // fires at 09:30:00: the slot, 08:30:00 cut + 1h
    Waits.until("the timer event", WAIT, () -> first.received.size() == 1);
    first.cancel();
    Waits.until("the first run to stop", WAIT, () -> engine.activeStreams() == 0);
    Instant fired = Instant.parse("2026-11-26T09:30:00Z");
    Waits.until( // a store that does not outlive the process is written when the run ends
        "the position of the event gRPC took, in the store",
        WAIT,
        () -> Arrays.equals(store.positions.get("probe"), SeededStore.encode(fired)));

    time.advance(Duration.ofHours(2)); // 11:30:00.25: the 10:30 and 11:30 slots were missed
    EventReader second = EventReader.open(channel, "probe", config);
    Waits.until("the catch-up events", WAIT, () -> second.received.size() >= 2);
    assertThat(second.received.stream().map(CalendarOracleTest::eventTime))
        .containsExactly("2026-11-26 10:30:00 +0000 UTC", "2026-11-26 11:30:00 +0000 UTC");
    second.cancel();
    Waits.until("the second run to stop", WAIT, () -> engine.activeStreams() == 0);
  }

  @Test
  @DisplayName(
      "Every time zone name Go loads from the zoneinfo database is accepted, and only those, but for documented differences")
  void zonesMatchGo() throws Exception {
    List<String> names =
        new ArrayList<>(
            List.of(
                "",
                "UTC",
                "Local",
                "Mars/Olympus",
                "SystemV/EST5",
                "../etc/passwd",
                "/usr/share/zoneinfo/UTC",
                "utc",
                "Europe/berlin",
                "US/Pacific-New"));
    Path root = GoZones.dirs().isEmpty() ? null : GoZones.dirs().get(0);
    assertThat(root).as("a zoneinfo directory (Debian's tzdata)").isNotNull();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .forEach(names::add);
    }
    List<Map<String, Object>> asks = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      asks.add(Map.of("id", "z" + i, "kind", "zone", "timezone", names.get(i)));
    }
    List<JsonNode> go = GoOracle.run(asks);
    int accepted = 0;
    List<String> noRules = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      boolean goLoads = !go.get(i).has("error");
      String ours;
      try {
        GoZones.load(names.get(i));
        ours = null;
      } catch (IllegalArgumentException e) {
        ours = e.getMessage();
      }
      if (goLoads && ours == null) {
        accepted++;
      } else if (goLoads && ours.contains("no rules for it")) {
        noRules.add(names.get(i)); // documented: Go reads the file, java.time cannot represent it
      } else if (goLoads || ours == null) {
        failures.add(
            names.get(i)
                + ": Go "
                + (goLoads ? "loads it" : "refuses it")
                + ", the server "
                + (ours == null ? "accepts it" : "says " + ours));
      }
    }
    System.out.printf(
        "zones: %d names, %d loaded by both, %d refused here for want of Java rules (%d right/..., others %s)%n",
        names.size(),
        accepted,
        noRules.size(),
        noRules.stream().filter(n -> n.startsWith("right/")).count(),
        noRules.stream().filter(n -> !n.startsWith("right/")).toList());
    assertThat(failures).isEmpty();
    assertThat(noRules)
        .as("only leap-second zones and zones newer than the JDK's data")
        .allSatisfy(n -> assertThat(n.startsWith("right/") || !ZoneIdsOfJdk.contains(n)).isTrue());
    assertThat(accepted).isGreaterThan(500);
  }

  private static final class ZoneIdsOfJdk {
    static boolean contains(String n) {
      return java.time.ZoneId.getAvailableZoneIds().contains(n);
    }
  }

  /** What the server did for one case. */
  private record Outcome(List<String> eventTimes, Status error) {}

  private Outcome run(OracleCases.Case c, JsonNode argo) throws Exception {
    VirtualTime time = VirtualTime.startingAt(c.now());
    clock.current = time;
    String name = "case-" + c.id();
    if (c.last() != null) {
      store.seed(name, c.last());
    }
    EventReader reader = EventReader.open(channel, name, JSON.writeValueAsString(c.config()));
    List<String> times = new ArrayList<>();
    Instant live = argo.hasNonNull("live") ? Instant.parse(argo.get("live").asText()) : null;
    // catch-up runs in batches on the stream's scheduler: keep the clock ticking in place, then
    // move to the first timer
    Status[] error = {null};
    Waits.until(
        "case " + c.id() + ": the stream ends, sends its timer event, or arms a timer",
        WAIT,
        () -> {
          boolean ended =
              reader.end.isDone(); // read before the events, so none sent before the end is missed
          for (int i = times.size(); i < reader.received.size(); i++) {
            String eventTime = eventTime(reader.received.get(i));
            times.add(eventTime);
            if (MONOTONIC.matcher(eventTime).matches()) {
              return true; // the timer event: the catch-up is over
            }
          }
          if (ended) {
            error[0] = reader.end.join();
            return true;
          }
          if (live == null && time.pendingTasks() > 0) {
            return true; // Argo refuses or loops, the server armed a timer: it accepted the config
          }
          // catch-up runs on the stream's scheduler; once anything is scheduled, move the clock to
          // Argo's first timer: what the server still has to send comes in order, its timer event
          // last
          if (live != null && time.pendingTasks() > 0) {
            time.advanceTo(live.isAfter(time.now()) ? live : time.now());
          } else {
            time.advance(Duration.ZERO);
          }
          return false;
        });
    reader.cancel();
    // the next case gets a new clock: nothing of this stream may still be scheduling on it
    Waits.until(
        "case " + c.id() + ": its stream has stopped", WAIT, () -> engine.activeStreams() == 0);
    return new Outcome(times, error[0]);
  }

  private static String eventTime(String payload) {
    try {
      return JSON.readTree(payload).path("eventTime").asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + payload, e);
    }
  }

  /** Null when the server did what Argo does, else what differs. */
  private static String difference(JsonNode argo, Outcome ours) {
    if (argo.path("truncated").asBoolean()) {
      return "argo-loops"; // Argo emits events in a tight loop (an interval under 1s, a schedule
      // that never fires)
    }
    boolean argoRefuses = argo.has("error");
    if (argoRefuses || ours.error != null) {
      if (argoRefuses
          && ours.error != null
          && ours.error.getCode() == Status.Code.INVALID_ARGUMENT) {
        return null;
      }
      return "refusal";
    }
    List<String> expected = new ArrayList<>();
    argo.path("events").forEach(e -> expected.add(e.asText()));
    int catchUp = expected.size();
    if (argo.hasNonNull("liveText")) {
      expected.add(argo.get("liveText").asText());
    }
    List<String> got = new ArrayList<>(ours.eventTimes);
    if (got.size() == expected.size() && !got.isEmpty() && argo.hasNonNull("liveText")) {
      Matcher m = MONOTONIC.matcher(got.get(got.size() - 1));
      if (!m.matches()) {
        return "timer event without Go's monotonic suffix";
      }
      got.set(got.size() - 1, m.group(1));
    }
    if (got.equals(expected)) {
      return null;
    }
    boolean onlyMonotonic = got.size() == expected.size();
    for (int i = 0; onlyMonotonic && i < catchUp; i++) {
      onlyMonotonic = got.get(i).equals(expected.get(i).replaceFirst(" m=[-+][0-9.]+$", ""));
    }
    return onlyMonotonic
            && got.subList(catchUp, got.size()).equals(expected.subList(catchUp, expected.size()))
        ? "monotonic"
        : "events";
  }

  /**
   * The README's table of differences, as rules: the category of a difference, or null when the
   * difference is not a documented one.
   */
  private static String classify(OracleCases.Case c, JsonNode argo, Outcome ours) {
    if (difference(argo, ours).equals("monotonic")) {
      return "catch-up-monotonic";
    }
    if (argo.path("error").asText().startsWith("failed to parse the persisted last event timestamp")
        && ours.error == null) {
      return "argo-cannot-read-its-event-time";
    }
    if (onlyNear(c, argo, ours, t -> t.getDuration().toMinutes() % 60 != 0)) {
      return "robfig-half-hour-dst";
    }
    if (onlyNear(
        c,
        argo,
        ours,
        t -> t.getDateTimeBefore().toLocalTime().equals(java.time.LocalTime.MIDNIGHT))) {
      return "robfig-midnight-dst";
    }
    return c.allow();
  }

  /**
   * True when the zone the fields are read in has offset changes that {@code kind} picks (by other
   * than whole hours, as in Australia/Lord_Howe; or at midnight, as in America/Santiago), where
   * robfig's Next moves days by hours, and the two lists of events are the same up to a day before
   * the first such change.
   */
  private static boolean onlyNear(
      OracleCases.Case c,
      JsonNode argo,
      Outcome ours,
      java.util.function.Predicate<java.time.zone.ZoneOffsetTransition> kind) {
    if (c.schedule() == null
        || !argo.hasNonNull("live")
        || ours.error != null
        || argo.has("error")) {
      return false;
    }
    java.time.ZoneId zone =
        c.timezone() == null || c.timezone().isEmpty()
            ? java.time.ZoneOffset.UTC
            : GoZones.load(c.timezone());
    if (c.schedule().startsWith("CRON_TZ=") || c.schedule().startsWith("TZ=")) {
      String name = c.schedule().substring(c.schedule().indexOf('=') + 1).split(" ")[0];
      zone = name.equals("Local") ? zone : GoZones.load(name);
    }
    Instant from = (c.last() == null ? c.now() : c.last()).minus(Duration.ofDays(1));
    Instant to = Instant.parse(argo.get("live").asText()).plus(Duration.ofDays(8));
    List<Instant> changes = new ArrayList<>();
    for (java.time.zone.ZoneOffsetTransition t = zone.getRules().nextTransition(from);
        t != null && t.getInstant().isBefore(to);
        t = zone.getRules().nextTransition(t.getInstant())) {
      if (kind.test(t)) {
        changes.add(t.getInstant());
      }
    }
    if (changes.isEmpty()) {
      return false;
    }
    // robfig's Next can stay a half hour or a day off long after the change: compare what comes
    // before it
    Instant cut = changes.get(0).minus(Duration.ofHours(26));
    java.util.function.Predicate<String> before = text -> instantOf(text).isBefore(cut);
    List<String> expected = new ArrayList<>();
    argo.path("events").forEach(e -> expected.add(e.asText()));
    expected.add(argo.get("liveText").asText());
    List<String> got =
        ours.eventTimes.stream().map(t -> t.replaceFirst(" m=\\+\\d+\\.\\d{9}$", "")).toList();
    return !got.isEmpty()
        && expected.stream().filter(before).toList().equals(got.stream().filter(before).toList());
  }

  /** The instant of Go's time.Time.String() text, {@code 2026-01-01 09:00:00.5 +0100 CET}. */
  private static Instant instantOf(String goText) {
    String[] p = goText.split(" ");
    String offset = p[2].substring(0, 3) + ":" + p[2].substring(3, 5);
    return java.time.OffsetDateTime.parse(p[0] + "T" + p[1] + offset).toInstant();
  }

  private static String describe(
      OracleCases.Case c, JsonNode argo, Outcome ours, String difference) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("config", c.config());
    d.put("last", c.last());
    d.put("now", c.now());
    d.put("argo", argo);
    d.put("server", ours.error != null ? ours.error.toString() : ours.eventTimes);
    return c.id() + " (" + difference + "): " + d;
  }
}
