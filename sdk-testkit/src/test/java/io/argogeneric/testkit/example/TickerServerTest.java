package io.argogeneric.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.testkit.EventSourceContractTest;
import io.argogeneric.testkit.ReceivedEvent;
import io.argogeneric.testkit.TestStream;
import io.argogeneric.testkit.TickerServer;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * docs/testing.md quotes this class: a plugin's test in its own package, inheriting the contract
 * and adding its own tests on the contract's extension.
 */
class TickerServerTest extends EventSourceContractTest<TickerServer.Config> {

  @Override
  protected EventingServer<TickerServer.Config> newPlugin() {
    return new TickerServer();
  }

  @Override
  protected String validConfig() {
    return "interval: 1s"; // emits every eventPeriod(), 1 s by default
  }

  @Override
  protected Map<String, String> invalidConfigs() {
    return Map.of(
        "interval: 0s", "interval",             // refused by the plugin's validate()
        "interval: 1s\nintervall: 2s", "intervall"); // refused by the SDK: unknown key
  }

  @Override
  protected OptionalLong sequenceOf(ReceivedEvent event) {
    return OptionalLong.of(event.json().get("n").asLong()); // lets the contract check the order
  }

  @Test
  void emitsACounterEveryInterval() {
    TestStream stream = es().open("ticks", "interval: 10m");

    es().time().advance(Duration.ofHours(1)); // virtual: returns at once

    assertThat(stream.awaitEvents(6, Duration.ofSeconds(1)))
        .extracting(e -> e.json(TickerServer.Tick.class).n())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    stream.expectNoEvent(Duration.ZERO);
  }
}
