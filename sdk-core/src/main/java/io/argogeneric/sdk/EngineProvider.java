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
package io.argogeneric.sdk;

import java.io.IOException;
import java.util.ServiceLoader;

/**
 * The one seam between this API and the engine that runs it. <b>Not for plugins</b>: nothing here
 * is yours to call or implement; the SDK's engine (sdk-core's {@code io.argogeneric.sdk.internal}
 * packages) provides the implementation, listed in {@code
 * META-INF/services/io.argogeneric.sdk.EngineProvider} and found with {@link ServiceLoader}.
 *
 * <p>Why a provider and not a direct call: the engine depends on the API (it runs plugins through
 * {@link EventingServer}, {@link StreamContext}, {@link Emitter}), so an API that called the engine
 * back would make the two packages one tangle. Through this class the API depends on no engine type
 * at all, and the direction is one-way (engine to API), which the build checks ({@code
 * ArchitectureTest}). grpc-java finds its transports the same way ({@code io.grpc.ServerProvider});
 * its other shape, {@code Internal*} accessor classes, serves the opposite direction (an engine
 * reaching into an API's package-private parts) and would keep the compile-time reference. A fat
 * jar must merge {@code META-INF/services} (the shade plugin's {@code
 * ServicesResourceTransformer}), as it must for gRPC's own providers.
 *
 * <p>Its methods are protected: callable from this package (the API) and overridable by the engine,
 * invisible to plugin code that merely uses the SDK.
 *
 * @since 0.1.0
 */
public abstract class EngineProvider {

  /** Only the SDK's engine subclasses this. */
  protected EngineProvider() {}

  /**
   * Serves {@code server} until SIGTERM or SIGINT; returns the process exit code. See {@link
   * EventingServer#run}.
   */
  protected abstract int runUntilShutdown(EventingServer<?> server, String[] args);

  /**
   * Starts {@code server} inside this JVM and returns at once. See {@link EventingServer#launch}.
   */
  protected abstract RunningServer launch(EventingServer<?> server, String[] args)
      throws IOException;

  /** The default example config of {@code configType}. See {@link EventingServer#exampleConfig}. */
  protected abstract String exampleConfig(Class<?> configType);

  /**
   * Polls for {@code stream} through its public methods only. See {@link StreamContext#poll}.
   *
   * @since 0.2.0
   */
  protected abstract <P> Cancellable poll(
      StreamContext<?> stream, PollSchedule schedule, Class<P> positionType, Poller<P> poller);

  /** The engine on the class path. */
  static EngineProvider get() {
    return Loaded.ENGINE;
  }

  private static final class Loaded {
    static final EngineProvider ENGINE =
        ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the SDK's engine is missing: no "
                            + "META-INF/services/io.argogeneric.sdk.EngineProvider on the class path (a fat jar must merge "
                            + "META-INF/services, e.g. with the shade plugin's ServicesResourceTransformer)"));
  }
}
