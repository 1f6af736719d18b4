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
package io.argogeneric.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the contract against plugins that break it, and checks that the right checks fail with a
 * message that says why. The nested classes are not run by the build on their own (Surefire skips
 * nested classes); only this test launches them.
 */
class ContractCatchesBrokenPluginsTest {

  @Test
  void aPluginThatDoesNotValidateItsConfigFailsTheInvalidConfigCheck() {
    assertThat(failures(NoValidation.class))
        .containsOnlyKeys("invalidConfigEndsTheStreamNamingTheField")
        .hasEntrySatisfying(
            "invalidConfigEndsTheStreamNamingTheField",
            m ->
                assertThat(m)
                    .matches(
                        "stream 'contract-invalid-0': expected it to end with INVALID_ARGUMENT containing 'interval', "
                            + "but it ended with INTERNAL: plugin failed \\(error id [0-9a-f]{8} in the server's log\\)"));
  }

  @Test
  void aPluginThatEmitsOutOfOrderFailsTheOrderCheck() {
    assertThat(failures(Countdown.class))
        .containsOnlyKeys("eventsArriveInOrder")
        .hasEntrySatisfying(
            "eventsArriveInOrder",
            m ->
                assertThat(m)
                    .isEqualTo(
                        "events out of order: 999 came after 1000 ({\"n\":999,\"pad\":\"\"})"));
  }

  @Test
  void aPluginThatStopsSlowlyFailsTheCancelCheck() {
    assertThat(failures(SlowStop.class))
        .containsKey("cancelStopsThePluginAndItsTasks")
        .containsEntry(
            "cancelStopsThePluginAndItsTasks",
            "timed out after 100ms waiting for the plugin run to stop, its tasks to be cancelled and the stream to "
                + "close after a cancel");
  }

  @Test
  void aPluginThatServesOnlyItsFirstStreamFailsTheSecondStreamCheck() {
    assertThat(failures(OnlyFirstStream.class))
        .containsOnlyKeys("secondStreamWithTheSameNameGetsAFreshRun")
        .hasEntrySatisfying(
            "secondStreamWithTheSameNameGetsAFreshRun",
            m ->
                assertThat(m)
                    .startsWith("stream 'contract-same': expected 2 events within 300ms, got 0"));
  }

  /** Test method name to failure message, for every failed test of {@code contract}. */
  private static Map<String, String> failures(Class<?> contract) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(),
            listener);
    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsFoundCount()).isEqualTo(10);
    Map<String, String> failed = new TreeMap<>();
    for (TestExecutionSummary.Failure f : summary.getFailures()) {
      String method = f.getTestIdentifier().getLegacyReportingName().replace("()", "");
      failed.put(method, f.getException().getMessage());
    }
    return failed;
  }

  /** The ticker's contract with short waits, so a failing check fails fast. */
  abstract static class QuickTickerContract extends TickerContractTest {
    @Override
    protected Duration timeout() {
      return Duration.ofMillis(300);
    }

    @Override
    protected Map<String, String>
        invalidConfigs() { // what the SDK's binder refuses without the plugin's help
      return Map.of("interval: soon", "interval", "interval: 1s\nintervall: 2s", "intervall");
    }
  }

  /** Ticks like the ticker, but checks nothing in its config. */
  static class LaxTicker extends EventingServer<TickerServer.Config> {
    LaxTicker() {
      super(TickerServer.Config.class);
    }

    @Override
    public void start(StreamContext<TickerServer.Config> stream) {
      AtomicLong n = new AtomicLong();
      Duration every = stream.config().interval();
      stream
          .scheduler()
          .scheduleAtFixedRate(
              every,
              every,
              () -> stream.emitter().emitJson(new TickerServer.Tick(n.incrementAndGet(), "")));
    }
  }

  static class NoValidation extends QuickTickerContract {
    @Override
    protected EventingServer<TickerServer.Config> newPlugin() {
      return new LaxTicker();
    }

    @Override
    protected Map<String, String> invalidConfigs() {
      return Map.of("interval: 0s", "interval");
    }
  }

  static class Countdown extends QuickTickerContract {
    @Override
    protected EventingServer<TickerServer.Config> newPlugin() {
      return new EventingServer<>(TickerServer.Config.class) {
        @Override
        public void start(StreamContext<TickerServer.Config> stream) {
          AtomicLong n = new AtomicLong(1001);
          stream
              .scheduler()
              .scheduleAtFixedRate(
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  () -> stream.emitter().emitJson(new TickerServer.Tick(n.decrementAndGet(), "")));
        }
      };
    }
  }

  static class SlowStop extends QuickTickerContract {
    @Override
    protected EventingServer<TickerServer.Config> newPlugin() {
      return new EventingServer<>(TickerServer.Config.class) {
        @Override
        public void start(StreamContext<TickerServer.Config> stream) throws Exception {
          new LaxTicker().start(stream);
          stream.onStop(() -> Thread.sleep(300)); // e.g. closing a connection synchronously
        }
      };
    }
  }

  static class OnlyFirstStream extends QuickTickerContract {
    @Override
    protected EventingServer<TickerServer.Config> newPlugin() {
      return new EventingServer<>(TickerServer.Config.class) {
        private final AtomicBoolean started =
            new AtomicBoolean(); // per-stream state in a field: the bug

        @Override
        public void start(StreamContext<TickerServer.Config> stream) {
          if (started.compareAndSet(false, true)) {
            new LaxTicker().start(stream);
          }
        }
      };
    }
  }
}
