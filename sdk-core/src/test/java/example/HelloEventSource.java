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
package example;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import java.time.Duration;
import java.util.Map;

/** Emits {"greeting": ..., "n": ...} every `every` (default 1s) to each connected Argo client. */
public final class HelloEventSource extends EventingServer<HelloEventSource.Config> {
  public record Config(@JsonProperty(required = true) String greeting, Duration every) {}

  public HelloEventSource() {
    super(Config.class);
  }

  @Override
  public void start(StreamContext<Config> stream) {
    Duration every = stream.config().every() == null ? Duration.ofSeconds(1) : stream.config().every();
    int[] n = {0};
    stream.scheduler().scheduleAtFixedRate(every, every,
        () -> stream.emitter().emitJson(Map.of("greeting", stream.config().greeting(), "n", n[0]++)));
  }

  public static void main(String[] args) {
    new HelloEventSource().run(args);
  }
}
