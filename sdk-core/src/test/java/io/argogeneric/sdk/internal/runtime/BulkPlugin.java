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
package io.argogeneric.sdk.internal.runtime;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import java.util.List;
import java.util.Map;

/**
 * A plugin whose config may legally be large (a list, a map of strings); it emits one event once
 * bound.
 */
public final class BulkPlugin extends EventingServer<BulkPlugin.Config> {
  /** {@code items} and {@code metadata}: any number of strings. */
  public record Config(List<String> items, Map<String, String> metadata) {}

  public BulkPlugin() {
    super(Config.class);
  }

  @Override
  public void start(StreamContext<Config> stream) {
    stream.emitter().emitText("bound");
  }
}
