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

import io.argogeneric.sdk.Cancellable;
import io.argogeneric.sdk.EngineProvider;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.PollSchedule;
import io.argogeneric.sdk.Poller;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.internal.Polling;
import io.argogeneric.sdk.internal.tooling.ExampleConfigs;
import java.io.IOException;

/**
 * The engine behind the API's one seam; listed in META-INF/services, found by {@link
 * EngineProvider}.
 */
public final class SdkEngineProvider extends EngineProvider {
  @Override
  protected int runUntilShutdown(EventingServer<?> server, String[] args) {
    return ServerLauncher.runUntilShutdown(server, args);
  }

  @Override
  protected RunningServer launch(EventingServer<?> server, String[] args) throws IOException {
    return ServerLauncher.launch(server, args);
  }

  @Override
  protected String exampleConfig(Class<?> configType) {
    return ExampleConfigs.fromRequiredFields(configType);
  }

  @Override
  protected <P> Cancellable poll(
      StreamContext<?> stream, PollSchedule schedule, Class<P> positionType, Poller<P> poller) {
    return Polling.start(stream, schedule, positionType, poller);
  }
}
