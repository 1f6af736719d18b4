package io.argogeneric.testkit;

import io.argogeneric.sdk.EventingServer;
import java.util.Map;
import java.util.OptionalLong;

/** The ticker keeps the contract in-process on virtual time. */
class TickerContractTest extends EventSourceContractTest<TickerServer.Config> {

  @Override
  protected EventingServer<TickerServer.Config> newPlugin() {
    return new TickerServer();
  }

  @Override
  protected String validConfig() {
    return "interval: 1s";
  }

  @Override
  protected Map<String, String> invalidConfigs() {
    return Map.of(
        "interval: 0s", "interval",
        "padding: 3", "interval",
        "interval: 1s\nintervall: 2s", "intervall",
        "interval: soon", "interval");
  }

  @Override
  protected OptionalLong sequenceOf(ReceivedEvent event) {
    return OptionalLong.of(event.json().get("n").asLong());
  }
}
