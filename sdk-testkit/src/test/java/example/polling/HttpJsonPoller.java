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
package example.polling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.PollSchedule;
import io.argogeneric.sdk.Polled;
import io.argogeneric.sdk.StreamContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Polls a URL that returns a JSON list of items {"id": n, ...}; emits each new item once. */
public final class HttpJsonPoller extends EventingServer<HttpJsonPoller.Config> {
  public record Config(@JsonProperty(required = true) URI url,
      @JsonProperty(required = true) Duration interval, Map<String, String> headers) {
    public Config { // what these throw, the SDK reports as a config error
      HttpRequest.newBuilder(url); // an absolute http or https URL
      PollSchedule.every(interval); // a positive duration: 30s, 5m, 1h
    }
  }
  private static final ObjectMapper JSON = new ObjectMapper();

  public HttpJsonPoller() {
    super(Config.class);
  }

  @Override
  public void start(StreamContext<Config> stream) {
    HttpClient http = stream.shared("http", HttpClient.class, HttpClient::newHttpClient, c -> {});
    HttpRequest.Builder get = HttpRequest.newBuilder(stream.config().url());
    if (stream.config().headers() != null) stream.config().headers().forEach(get::header);
    stream.poll(stream.config().interval(), Long.class, last -> { // last: the newest id emitted
      var reply = http.send(get.build(), BodyHandlers.ofInputStream());
      if (reply.statusCode() != 200) throw new IllegalStateException("HTTP " + reply.statusCode());
      return StreamSupport.stream(JSON.readTree(reply.body()).spliterator(), false)
          .filter(item -> item.get("id").asLong() > last.orElse(Long.MIN_VALUE)) // only new ones
          .sorted((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong())) // in order
          .map(item -> Polled.json(item, item.get("id").asLong())).toList(); // id = position
    });
  }

  public static void main(String[] args) {
    new HttpJsonPoller().run(args);
  }
}
