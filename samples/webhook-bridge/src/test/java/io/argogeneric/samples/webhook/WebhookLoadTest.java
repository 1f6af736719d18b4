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

import com.fasterxml.jackson.databind.JsonNode;
import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.ReceivedEvent;
import io.argogeneric.testkit.TestStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nothing lost under concurrent load: every 2xx arrives once, in order per sender. */
class WebhookLoadTest {
  private static final int SENDERS = 8;
  private static final int PER_SENDER = 300;

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(() -> new WebhookBridge().withHttpPort(0)).overLoopback();

  @Test
  @DisplayName(
      "8 concurrent senders, 2,400 requests: every 2xx arrives exactly once, in order per sender, nothing else arrives")
  void everyAcceptedRequestArrivesOnceInOrder() throws Exception {
    TestStream stream = es.open("load", "endpoint: /load");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    HttpClient client = Http.defaultClient();
    AtomicInteger retried = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    List<Future<Integer>> done = new ArrayList<>();
    try {
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        done.add(
            senders.submit(
                () -> {
                  Http http = new Http("http", port, client);
                  int ok = 0;
                  for (int seq = 0; seq < PER_SENDER; ) {
                    HttpResponse<String> r =
                        http.postJson("/load", "{\"sender\":" + sender + ",\"seq\":" + seq + "}");
                    if (r.statusCode() == 200) {
                      ok++;
                      seq++; // the next request goes only after this one's 200, as a webhook
                      // sender's retry loop does
                    } else {
                      assertThat(r.statusCode())
                          .as("only 503 may be retried: %s", r.body())
                          .isEqualTo(503);
                      retried.incrementAndGet();
                    }
                  }
                  return ok;
                }));
      }
      int accepted = 0;
      for (Future<Integer> f : done) {
        accepted += f.get();
      }
      assertThat(accepted).isEqualTo(SENDERS * PER_SENDER);

      List<ReceivedEvent> events = stream.awaitEvents(accepted, Duration.ofSeconds(20));
      stream.expectNoEvent(Duration.ofMillis(200));
      Set<String> seen = new HashSet<>();
      Map<Integer, Integer> lastSeq = new HashMap<>();
      for (ReceivedEvent e : events) {
        JsonNode body = e.json().get("body");
        int sender = body.get("sender").asInt();
        int seq = body.get("seq").asInt();
        assertThat(seen.add(sender + ":" + seq)).as("duplicate %s:%s", sender, seq).isTrue();
        assertThat(seq)
            .as("order of sender %s", sender)
            .isEqualTo(lastSeq.getOrDefault(sender, -1) + 1);
        lastSeq.put(sender, seq);
      }
      assertThat(seen).hasSize(SENDERS * PER_SENDER);
      assertThat(retried.get()).as("a reader that keeps up never makes the bridge refuse").isZero();
    } finally {
      senders.shutdownNow();
    }
  }
}
