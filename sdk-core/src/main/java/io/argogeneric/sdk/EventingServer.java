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

import io.argogeneric.sdk.config.ConfigErrors;
import java.util.Objects;

/**
 * The base of every eventsource built with this SDK. Extend it with your typed config class, write
 * {@link #start}, and call {@link #run} from {@code main}: the SDK serves Argo's {@code
 * StartEventSource} RPC, binds each call's config, runs one plugin run per stream, carries events
 * to the client under flow control, and stops the run when the client goes away.
 *
 * <pre>{@code
 * public final class HelloServer extends EventingServer<HelloServer.Config> {
 *   public record Config(@JsonProperty(required = true) String greeting, Duration every) {}
 *
 *   public HelloServer() { super(Config.class); }
 *
 *   @Override
 *   public void start(StreamContext<Config> stream) {
 *     Duration every = stream.config().every() == null ? Duration.ofSeconds(1) : stream.config().every();
 *     stream.scheduler().scheduleAtFixedRate(every, every,
 *         () -> stream.emitter().emitText(stream.config().greeting()));
 *   }
 *
 *   public static void main(String[] args) { new HelloServer().run(args); }
 * }
 * }</pre>
 *
 * <p>One instance serves every stream, concurrently: keep per-stream state in {@code start}'s
 * locals or in objects registered with {@link StreamContext#onStop}, not in fields. Fields
 * annotated with picocli's {@code @Option} become server flags next to the SDK's own.
 *
 * @param <C> the config class each stream's {@code config} is bound to: a record or a Jackson POJO
 * @since 0.1.0
 */
public abstract class EventingServer<C> {
  private final Class<C> configType;

  /** Creates the server; every stream's config is bound to {@code configType}. */
  protected EventingServer(Class<C> configType) {
    this.configType = Objects.requireNonNull(configType, "configType");
  }

  /** The class each stream's config is bound to. */
  public final Class<C> configType() {
    return configType;
  }

  /**
   * Starts one run for one stream. Called by the SDK on one of its worker threads, once per {@code
   * StartEventSource} call whose config bound and validated. Return promptly: set up timers through
   * {@link StreamContext#scheduler()}, or subscribe to your source and emit from its callbacks, and
   * register cleanup with {@link StreamContext#onStop}. Throwing ends this stream alone with {@code
   * INTERNAL}.
   */
  public abstract void start(StreamContext<C> stream) throws Exception;

  /**
   * Checks rules that span fields, after binding. Add each problem to {@code errors} with the path
   * of the field; the stream then ends with {@code INVALID_ARGUMENT} listing them all, with the
   * binding's. Also called when binding found problems, on what did bind: a field that failed is
   * null or its default there (see {@link ConfigErrors}). Called on gRPC's thread for every call:
   * keep it quick and free of I/O.
   */
  public void validate(C config, ConfigErrors errors) {}

  /**
   * An example config, in YAML, that {@code --print-eventsource} puts into the manifest it prints.
   * Override to show a realistic one; it should bind and pass {@link #validate}. The default lists
   * the config class's required fields (and those with a declared default) with a value of their
   * type.
   *
   * @return YAML or JSON text; never empty, since Argo refuses a generic entry without a config
   */
  public String exampleConfig() {
    return EngineProvider.get().exampleConfig(configType);
  }

  /** The buffer bounds and overflow policy of this plugin's streams. Called once per stream. */
  public StreamSettings streamSettings() {
    return StreamSettings.defaults();
  }

  /**
   * The outbox of this plugin's runs, or empty (the default) for runs that live and die with their
   * stream. See {@link OutboxSettings} for what changes when a plugin opts in.
   */
  public java.util.Optional<OutboxSettings> outbox() {
    return java.util.Optional.empty();
  }

  /**
   * Runs this eventsource as a standalone server: parses {@code args} (see {@code --help}), serves
   * until SIGTERM or SIGINT, drains, and exits the JVM: 0 after a clean shutdown, 2 for a bad flag,
   * 1 when the server cannot start.
   */
  public final void run(String... args) {
    System.exit(EngineProvider.get().runUntilShutdown(this, args));
  }

  /**
   * Starts this eventsource as a server inside the current JVM, with the same flags as {@link
   * #run}, and returns at once. For tests and for embedding; no signal handler is installed.
   *
   * @throws IllegalArgumentException when a flag is bad
   */
  public final RunningServer launch(String... args) throws java.io.IOException {
    return EngineProvider.get().launch(this, args);
  }
}
