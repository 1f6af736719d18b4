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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.testkit.EventSourceContractTest;
import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.ReceivedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** The SDK's contract, with events produced by real HTTP POSTs. */
class WebhookBridgeContractTest extends EventSourceContractTest<WebhookConfig> {
  private Http http;
  private long nextSeq;

  @Override
  protected EventingServer<WebhookConfig> newPlugin() {
    return new WebhookBridge().withHttpPort(0);
  }

  @Override
  protected EventSourceExtension extension() {
    return EventSourceExtension.of(this::newPlugin); // no timers: events come from HTTP, not time
  }

  @Override
  protected String validConfig() {
    return "endpoint: /contract";
  }

  @Override
  protected Map<String, String> invalidConfigs() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("method: POST", "endpoint");
    bad.put("endpoint: contract", "endpoint");
    bad.put("endpoint: /health", "endpoint");
    bad.put("endpoint: /a?b=c", "endpoint");
    bad.put("endpoint: /contract\nmethod: 'PO ST'", "method");
    bad.put("endpoint: /contract\nport: 70000", "port");
    bad.put("endpoint: /contract\nauthToken: a\nauthTokenFile: /tmp/token", "authTokenFile");
    bad.put("endpoint: /contract\nauthToken: ''", "authToken");
    bad.put("endpoint: /contract\nmaxPayloadSize: 0", "maxPayloadSize");
    bad.put("endpoint: /contract\nmaxPayloadSize: 5000000", "maxPayloadSize");
    bad.put("endpoint: /contract\nmetadata: [a, b]", "metadata");
    bad.put("endpoint: /contract\nendpint: /x", "endpint");
    return bad;
  }

  /**
   * POSTs {@code count} requests, one after another; a refused one (full buffer, ended stream) is
   * not retried.
   */
  @Override
  protected void produceEvents(EventSourceExtension es, int count) {
    if (http == null) {
      http = Http.to(es.plugin(WebhookBridge.class).boundHttpPort());
    }
    for (int i = 0; i < count; i++) {
      http.postJson("/contract", "{\"seq\":" + nextSeq++ + "}");
    }
  }

  @Override
  protected OptionalLong sequenceOf(ReceivedEvent event) {
    return OptionalLong.of(event.json().get("body").get("seq").asLong());
  }
}
