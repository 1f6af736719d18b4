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
package io.argogeneric.sdk.internal.tooling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import io.argogeneric.sdk.config.Description;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A plugin whose config has one of each kind of field the schema generator must describe. */
class SchedulePlugin extends EventingServer<SchedulePlugin.Config> {
  enum Mode {
    FAST,
    SLOW
  }

  @Description("Where each tick is also announced.")
  record Target(@JsonProperty(required = true) String url, Duration timeout) {}

  @Description("When and how to tick.")
  record Config(
      @JsonProperty(required = true) @Description("A cron expression, e.g. '0 * * * *'.")
          String schedule,
      @JsonProperty(defaultValue = "UTC") String timezone,
      @JsonProperty(required = true) Duration every,
      Mode mode,
      List<Target> targets,
      Map<String, String> metadata,
      int retries,
      @JsonPropertyDescription("Log every tick.") boolean verbose) {}

  SchedulePlugin() {
    super(Config.class);
  }

  @Override
  public void validate(Config config, ConfigErrors errors) {
    if (config.every().isNegative() || config.every().isZero()) {
      errors.add("every", "must be positive, got " + config.every());
    }
  }

  @Override
  public void start(StreamContext<Config> stream) {
    stream
        .scheduler()
        .scheduleAtFixedRate(
            config(stream).every(),
            config(stream).every(),
            () -> stream.emitter().emitText(config(stream).schedule()));
  }

  private static Config config(StreamContext<Config> stream) {
    return stream.config();
  }
}
