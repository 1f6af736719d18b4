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
package io.argogeneric.docs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OnDemand;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Java examples of docs/*.md that no sample or test holds, here so that the build compiles them,
 * in a package of their own so that they compile against the public API only (ArchitectureTest).
 * {@code DocsTest} checks that every Java block of the guide appears in some source file.
 */
final class DocExamples {
  private DocExamples() {}

  /** docs/config-binding.md, "Writing a config class". */
  static final class ConfigBinding {
    record Schedule(String cron, String timezone) {}

    public record Config(
        @JsonProperty(required = true) String endpoint,
        Duration interval,                      // Go-style duration
        Map<String, String> metadata,           // optional: null when absent
        List<Schedule> schedules) {}
  }

  /** docs/flow-control.md, choosing bounds. */
  static final class FlowControl extends EventingServer<ConfigBinding.Config> {
    FlowControl() {
      super(ConfigBinding.Config.class);
    }

    @Override
    public StreamSettings streamSettings() {
      return StreamSettings.defaults()
          .withMaxBufferedEvents(10_000)
          .withMaxBufferedBytes(32L * 1024 * 1024)
          .withOverflowPolicy(OverflowPolicy.DROP_OLDEST);
    }

    @Override
    public void start(StreamContext<ConfigBinding.Config> stream) {}
  }

  /** docs/plugin-api.md, "Three ways to emit". */
  static final class ThreeWaysToEmit extends EventingServer<ConfigBinding.Config> {
    /** Stands for any push source: a message broker client, a watch, a callback API. */
    interface Source {
      void subscribe(Consumer<Object> listener);

      void unsubscribe();
    }

    /** Stands for any source that can hand out its next item when asked: a cursor, a replay. */
    interface Cursor {
      Row pollNext();

      void onRowsArrived(Runnable listener);
    }

    interface Row {
      byte[] toJsonBytes();
    }

    private final Source source;
    private final Cursor cursor;

    ThreeWaysToEmit(Source source, Cursor cursor) {
      super(ConfigBinding.Config.class);
      this.source = source;
      this.cursor = cursor;
    }

    @Override
    public void start(StreamContext<ConfigBinding.Config> stream) {
      // (a) push from your own threads or callbacks
      source.subscribe(message -> stream.emitter().emitJson(message));
      stream.onStop(source::unsubscribe);

      // (b) timer-driven, through the SDK scheduler
      stream.scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofMinutes(5), () -> poll(stream));

      // (c) on demand: the SDK asks for the next event whenever the client can take it
      OnDemand demand = stream.emitter().emitOnDemand(() -> {
        Row row = cursor.pollNext();                 // never waits: null when no row is ready
        return row == null ? null : row.toJsonBytes();
      });
      cursor.onRowsArrived(demand::wake);            // ask again after a null
    }

    private static void poll(StreamContext<ConfigBinding.Config> stream) {
      stream.emitter().emitText("polled " + stream.config().endpoint());
    }
  }
}
