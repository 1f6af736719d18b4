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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.TestStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Sensor example in docs/deploy/webhook-bridge: every path it reads exists in a real event from
 * the bridge (configured by the example EventSource, wrapped as Argo's generic client wraps it),
 * and each path it says it was under Argo's webhook eventsource exists, with the same value, in the
 * payload Argo makes (which the parity tests show is the bridge's payload).
 */
class WebhookSensorExampleTest {
  private static final Path DEPLOY = Path.of("../../docs/deploy/webhook-bridge");
  private static final Pattern WAS = Pattern.compile("(?:path|dataKey): (\\S+)\\s+# was: (\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(() -> new WebhookBridge().withHttpPort(0)).overLoopback();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String file) throws Exception {
    return (Map<String, Object>)
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(DEPLOY.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) m.get(key);
  }

  /** A dotted gjson path, as Sensors use them here: object keys and array indexes. */
  private static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      n = n.isArray() && part.matches("\\d+") ? n.path(Integer.parseInt(part)) : n.path(part);
    }
    return n;
  }

  @Test
  @DisplayName(
      "The example Sensor's paths resolve in a real event from the bridge, and its 'was' paths in Argo's webhook payload")
  void sensorPathsResolve() throws Exception {
    Map<String, Object> eventSource = yaml("eventsource.yaml");
    Map<String, Object> sensor = yaml("sensor-example/sensor.yaml");
    Map<String, Object> generic = map(map(eventSource, "spec"), "generic");
    Map<String, Object> dependency = list(map(sensor, "spec"), "dependencies").get(0);
    assertThat(dependency)
        .containsEntry("eventSourceName", map(eventSource, "metadata").get("name"));
    String eventName = (String) dependency.get("eventName");
    Map<String, Object> entry = map(generic, eventName);
    assertThat(entry)
        .as("the EventSource's generic entry %s", eventName)
        .isNotNull()
        .containsEntry("jsonBody", true);

    String config = (String) entry.get("config");
    TestStream stream = es.open(eventName, config);
    String endpoint =
        config
            .lines()
            .filter(l -> l.startsWith("endpoint:"))
            .findFirst()
            .orElseThrow()
            .substring(9)
            .trim();
    Http http = Http.to(es.plugin(WebhookBridge.class).boundHttpPort());
    String push =
        "{\"ref\":\"refs/heads/main\",\"after\":\"0a1b2c\",\"repository\":{\"full_name\":\"octo/hello\"}}";
    assertThat(
            http.send(
                    http.request(endpoint)
                        .POST(HttpRequest.BodyPublishers.ofString(push))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        .build())
                .statusCode())
        .isEqualTo(200);
    String payload = stream.awaitEvent(Duration.ofSeconds(5)).text();
    // Argo's generic client: GenericEventData{Body: payload as raw JSON (jsonBody), Metadata: the
    // entry's}
    JsonNode event =
        JSON.readTree(
            "{\"body\":"
                + payload
                + (entry.get("metadata") == null
                    ? ""
                    : ",\"metadata\":" + JSON.writeValueAsString(entry.get("metadata")))
                + "}");
    JsonNode argoWebhookEvent = JSON.readTree(payload);

    List<String> problems = new ArrayList<>();
    String text = Files.readString(DEPLOY.resolve("sensor-example/sensor.yaml"));
    Matcher was = WAS.matcher(text);
    int paths = 0;
    while (was.find()) {
      paths++;
      JsonNode now = at(event, was.group(1));
      JsonNode before = at(argoWebhookEvent, was.group(2));
      if (now.isMissingNode() || !now.isValueNode()) {
        problems.add(was.group(1) + " is not a value in the event: " + now);
      } else if (!now.equals(before)) {
        problems.add(was.group(2) + " in Argo's webhook payload is " + before + ", not " + now);
      }
    }
    for (Map<String, Object> f : list(map(dependency, "filters"), "data")) {
      JsonNode v = at(event, (String) f.get("path"));
      if (!((List<?>) f.get("value")).contains(v.asText())) {
        problems.add("filter " + f.get("path") + " would not pass the push: " + v);
      }
    }
    assertThat(paths).as("paths with a 'was' comment").isEqualTo(4);
    assertThat(text)
        .as("every path and dataKey carries its 'was'")
        .doesNotContainPattern("(?m)(path|dataKey): \\S+\\s*$");
    assertThat(problems).isEmpty();
  }
}
