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

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import io.argogeneric.sdk.config.ConfigException;
import io.argogeneric.sdk.internal.config.ConfigBinder;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.management.ManagementFactory;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated configs, for a bounded time with a fixed seed: whatever the bytes, binding
 * ends in a typed config or a {@link ConfigException} (over gRPC: {@code INVALID_ARGUMENT} with the
 * same message), quickly and in bounded memory.
 */
class ConfigFuzzTest {
  private static final long SEED = Long.getLong("faults.fuzz.seed", 20_260_808L);
  private static final Duration BUDGET =
      Duration.ofSeconds(Long.getLong("faults.fuzz.seconds", 15));
  private static final int GRPC_INPUTS = 300;

  /**
   * CPU time of the binding thread per input. Wall time on a CI machine shared with other jobs
   * measures the scheduler as much as the parser, so wall time gets a looser hang guard.
   */
  private static final long MAX_CPU_NANOS_PER_INPUT = TimeUnit.SECONDS.toNanos(1);

  private static final long MAX_WALL_NANOS_PER_INPUT = TimeUnit.SECONDS.toNanos(5);

  /**
   * Over gRPC only wall time can be seen: 1 s for configs up to 256 KiB, the hang guard above that.
   */
  private static final long MAX_GRPC_NANOS_SMALL_INPUT = TimeUnit.SECONDS.toNanos(1);

  private static final int SMALL_INPUT_BYTES = 256 * 1024;

  /** The server's inbound message limit: --max-config-bytes plus 1 KiB for the name and framing. */
  private static final int MAX_INBOUND_MESSAGE = FuzzInputs.MAX_CONFIG_BYTES + 1024;

  /**
   * Transient allocation per input byte (decoding, snakeyaml's tokens), plus a constant for what
   * aliases may expand to: the SDK caps a config at 100,000 values, some 32 MiB of tree at most.
   */
  private static final long ALLOCATED_PER_INPUT_BYTE = 128;

  private static final long ALLOCATED_CONSTANT = 32L * 1024 * 1024;

  /**
   * snakeyaml's reader costs time and allocation quadratic in a line's length (about 2 GiB for one
   * 1 MiB line), so the SDK refuses YAML lines over this and parses JSON with Jackson; inputs with
   * such lines are counted apart and held to the same linear bound as the rest.
   */
  private static final int LONG_LINE_CHARS = 64 * 1024;

  private static final long MAX_RETAINED_HEAP = 32L * 1024 * 1024;

  /** A typical config: the calendar sample's keys, nested records, a list, a map, an enum. */
  record TypicalConfig(
      @JsonProperty(required = true) String schedule,
      Duration interval,
      String timezone,
      List<String> exclusionDates,
      Map<String, String> metadata,
      Persistence persistence,
      Integer maxEvents,
      Level level) {
    record Persistence(Catchup catchup) {}

    record Catchup(boolean enabled, Duration maxDuration) {}

    enum Level {
      LOW,
      HIGH
    }
  }

  static final class TypicalPlugin extends EventingServer<TypicalConfig> {
    TypicalPlugin() {
      super(TypicalConfig.class);
    }

    @Override
    public void validate(TypicalConfig config, ConfigErrors errors) {
      if (config.timezone() != null) {
        try {
          ZoneId.of(config.timezone());
        } catch (DateTimeException e) {
          errors.add("timezone", "unknown time zone '" + config.timezone() + "'");
        }
      }
      if (config.maxEvents() != null && config.maxEvents() < 0) {
        errors.add("maxEvents", "must not be negative");
      }
    }

    @Override
    public void start(StreamContext<TypicalConfig> stream) {
      stream.emitter().emitText("started");
    }
  }

  private static final byte[] VALID_CONFIG =
      "{schedule: '@daily', interval: 1m, timezone: UTC}"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private RunningServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    Faults.stop(channel, server);
  }

  @Test
  void configBindingRefusesHostileBytesWithConfigExceptionQuicklyAndInBoundedMemory() {
    TypicalPlugin plugin = new TypicalPlugin();
    ConfigBinder<TypicalConfig> binder =
        new ConfigBinder<>(TypicalConfig.class, FuzzInputs.MAX_CONFIG_BYTES, plugin::validate);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    warmUp(binder);
    long heapBefore = Faults.usedHeapAfterGc();
    FuzzInputs inputs = new FuzzInputs(new Random(SEED));
    long deadline = System.nanoTime() + BUDGET.toNanos();
    int count = 0;
    int bound = 0;
    long slowest = 0;
    long slowestWall = 0;
    long mostAllocated = 0;
    long mostAllocatedShortLines = 0;
    int longLineInputs = 0;
    String slowestRecipe = "";
    while (System.nanoTime() < deadline) {
      FuzzInputs.Input input = inputs.next();
      long allocated0 = threads.getThreadAllocatedBytes(self);
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      try {
        binder.bind(input.bytes());
        bound++;
      } catch (ConfigException e) {
        checkMessage(e.getMessage(), count, input);
      } catch (Throwable t) {
        throw new AssertionError(failure(count, input, "escaped as " + t), t);
      }
      long wall = System.nanoTime() - t0;
      long nanos = threads.getCurrentThreadCpuTime() - cpu0;
      long allocated = threads.getThreadAllocatedBytes(self) - allocated0;
      slowestWall = Math.max(slowestWall, wall);
      if (nanos > slowest) {
        slowest = nanos;
        slowestRecipe = input.recipe();
      }
      mostAllocated = Math.max(mostAllocated, allocated);
      if (longestLine(input.bytes()) > LONG_LINE_CHARS) {
        longLineInputs++; // refused before YAML parsing, or parsed as JSON by Jackson: linear
        // either way
      } else {
        mostAllocatedShortLines = Math.max(mostAllocatedShortLines, allocated);
      }
      long allowed = ALLOCATED_PER_INPUT_BYTE * input.bytes().length + ALLOCATED_CONSTANT;
      assertThat(nanos)
          .as(failure(count, input, "CPU time"))
          .isLessThanOrEqualTo(MAX_CPU_NANOS_PER_INPUT);
      assertThat(wall)
          .as(failure(count, input, "wall time"))
          .isLessThanOrEqualTo(MAX_WALL_NANOS_PER_INPUT);
      assertThat(allocated)
          .as(failure(count, input, "allocated too much"))
          .isLessThanOrEqualTo(allowed);
      count++;
    }
    long retained = Faults.usedHeapAfterGc() - heapBefore;
    System.out.printf(
        "fuzz: seed %d, %,d inputs in %d s (%,d bound, %,d refused); slowest %.1f ms CPU (%s), %.1f ms wall; "
            + "most allocated by one input %s (%s with no line over 64 Ki chars; %d inputs had one); heap retained after GC %s%n",
        SEED,
        count,
        BUDGET.toSeconds(),
        bound,
        count - bound,
        slowest / 1e6,
        slowestRecipe,
        slowestWall / 1e6,
        Faults.mib(mostAllocated),
        Faults.mib(mostAllocatedShortLines),
        longLineInputs,
        Faults.mib(retained));
    assertThat(count).as("inputs tried").isGreaterThan(1000);
    assertThat(bound)
        .as("some mutants still bind: the fuzzer reaches the binder, not only the parser")
        .isPositive();
    assertThat(retained).as("heap retained after the fuzz").isLessThanOrEqualTo(MAX_RETAINED_HEAP);
  }

  @Test
  void overGrpcEveryHostileConfigEndsWithInvalidArgumentAndItsMessage() throws Exception {
    TypicalPlugin plugin = new TypicalPlugin();
    server = plugin.launch("--port", "0", "--bind", "127.0.0.1");
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .maxInboundMessageSize(4 * 1024 * 1024)
            .build();
    ConfigBinder<TypicalConfig> local =
        new ConfigBinder<>(TypicalConfig.class, FuzzInputs.MAX_CONFIG_BYTES, plugin::validate);
    warmUp(local);
    for (int i = 0;
        i < 20;
        i++) { // the first calls pay for the connection, class loading and the JIT
      assertThat(call(VALID_CONFIG)).isEqualTo(Status.OK);
    }
    FuzzInputs inputs = new FuzzInputs(new Random(SEED + 1));
    int invalid = 0;
    int tooLarge = 0;
    long slowest = 0;
    long slowestSmall = 0;
    for (int i = 0; i < GRPC_INPUTS; i++) {
      FuzzInputs.Input input = inputs.next();
      String expected;
      int requestBytes =
          EventSource.newBuilder()
              .setName("fuzz")
              .setConfig(ByteString.copyFrom(input.bytes()))
              .build()
              .getSerializedSize();
      try {
        local.bind(input.bytes());
        expected = null;
      } catch (ConfigException e) {
        expected = e.getMessage();
        invalid++;
      }
      long t0 = System.nanoTime();
      Status status = call(input.bytes());
      long nanos = System.nanoTime() - t0;
      slowest = Math.max(slowest, nanos);
      if (requestBytes > MAX_INBOUND_MESSAGE) {
        // refused by gRPC's inbound limit before the SDK sees it: RESOURCE_EXHAUSTED by design
        // (issue 6)
        assertThat(status.getCode())
            .as(failure(i, input, "status of " + status))
            .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        tooLarge++;
      } else if (expected == null) {
        assertThat(status).as(failure(i, input, "a valid config over gRPC")).isEqualTo(Status.OK);
      } else {
        assertThat(status.getCode())
            .as(failure(i, input, "status of " + status))
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription())
            .as(failure(i, input, "description"))
            .isEqualTo(expected);
      }
      if (input.bytes().length <= SMALL_INPUT_BYTES) {
        slowestSmall = Math.max(slowestSmall, nanos);
        assertThat(nanos)
            .as(failure(i, input, "took too long over gRPC"))
            .isLessThanOrEqualTo(MAX_GRPC_NANOS_SMALL_INPUT);
      } else {
        assertThat(nanos)
            .as(failure(i, input, "took too long over gRPC"))
            .isLessThanOrEqualTo(MAX_WALL_NANOS_PER_INPUT);
      }
    }
    System.out.printf(
        "fuzz-grpc: seed %d, %d configs over loopback, %d refused with INVALID_ARGUMENT (%d of them over the "
            + "transport limit: RESOURCE_EXHAUSTED), %d streamed; slowest call %.1f ms (%.1f ms for configs up to 256 KiB)%n",
        SEED + 1,
        GRPC_INPUTS,
        invalid,
        tooLarge,
        GRPC_INPUTS - invalid,
        slowest / 1e6,
        slowestSmall / 1e6);
    assertThat(invalid).isBetween(1, GRPC_INPUTS - 1);
  }

  private static int longestLine(byte[] bytes) {
    int longest = 0;
    int run = 0;
    for (byte b : bytes) {
      run = b == '\n' || b == '\r' ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /** Time limits are for steady state: the first binds pay for class loading and the JIT. */
  private static void warmUp(ConfigBinder<TypicalConfig> binder) {
    FuzzInputs warm = new FuzzInputs(new Random(-1));
    for (int i = 0; i < 500; i++) {
      byte[] bytes = warm.next().bytes();
      try {
        binder.bind(bytes);
      } catch (ConfigException | RuntimeException e) {
        // only warming up; the tests below judge every outcome
      }
    }
  }

  /**
   * One call: OK when the stream started (the plugin's first event came), else the status it ended
   * with.
   */
  private Status call(byte[] config) throws Exception {
    Context.CancellableContext ctx = Context.current().withCancellation();
    try {
      return ctx.call(
          () -> {
            Iterator<Event> events =
                EventingGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .startEventSource(
                        EventSource.newBuilder()
                            .setName("fuzz")
                            .setConfig(ByteString.copyFrom(config))
                            .build());
            try {
              if (events.hasNext() && events.next().getPayload().toStringUtf8().equals("started")) {
                return Status.OK;
              }
              return Status.UNKNOWN.withDescription("stream gave no 'started' event");
            } catch (StatusRuntimeException e) {
              return e.getStatus();
            }
          });
    } finally {
      ctx.cancel(null);
    }
  }

  private static void checkMessage(String message, int index, FuzzInputs.Input input) {
    assertThat(message)
        .as(failure(index, input, "error message"))
        .isNotBlank()
        .hasSizeLessThanOrEqualTo(1000)
        .doesNotContain("\n")
        .doesNotContain("\r");
  }

  private static String failure(int index, FuzzInputs.Input input, String what) {
    return "input #"
        + index
        + " of seed "
        + SEED
        + " (rerun with -Dfaults.fuzz.seed="
        + SEED
        + "): "
        + what
        + "; input "
        + FuzzInputs.describe(input);
  }
}
