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
        "interval: 0s", "interval", // refused by the plugin's validate()
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
