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

import io.argogeneric.sdk.EventingServer;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The contract against a plugin that emits positions, without an outbox; {@link
 * OutboxTickerContractTest} runs the same plugin with one.
 */
class PositionedTickerContractTest extends EventSourceContractTest<TickerServer.Config> {

  @Override
  protected EventingServer<TickerServer.Config> newPlugin() {
    return PositionedTickerServer.withoutOutbox();
  }

  @Override
  protected String validConfig() {
    return "interval: 1s";
  }

  @Override
  protected Map<String, String> invalidConfigs() {
    return Map.of("interval: 0s", "interval", "interval: 1s\nintervall: 2s", "intervall");
  }

  @Override
  protected OptionalLong sequenceOf(ReceivedEvent event) {
    return OptionalLong.of(event.json().get("n").asLong());
  }
}
