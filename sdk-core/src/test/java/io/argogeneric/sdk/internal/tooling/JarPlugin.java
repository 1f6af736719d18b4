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

import example.HelloEventSource;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;

/**
 * A plugin that {@code ConfigToolsTest} packs into a jar with a manifest and loads from there; a
 * top-level public class without nested ones, so a second class loader can define it alone.
 */
public final class JarPlugin extends EventingServer<HelloEventSource.Config> {
  public JarPlugin() {
    super(HelloEventSource.Config.class);
  }

  @Override
  public void start(StreamContext<HelloEventSource.Config> stream) {}
}
