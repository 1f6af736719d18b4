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

import io.argogeneric.sdk.internal.config.ConfigBinder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The authoring flags every server built on the SDK accepts next to its server flags. Each prints
 * or checks something and exits instead of serving; {@link ConfigTools#runIfRequested} runs them.
 */
public final class ToolOptions {

  @Option(
      names = "--print-config-schema",
      description = "Print the JSON Schema (draft 2020-12) of this eventsource's config and exit.")
  public boolean printConfigSchema;

  @Option(
      names = "--print-eventsource",
      paramLabel = "NAME",
      description =
          "Print an Argo EventSource manifest with a generic entry NAME for this server "
              + "(an example config, insecure: true, the auth secret reference) and exit.")
  public String printEventSource;

  @Option(
      names = "--url",
      paramLabel = "HOST:PORT",
      description =
          "The url in the manifest --print-eventsource prints. "
              + "Default: <server-name>.argo-events.svc:8080.")
  public String url;

  @Option(
      names = "--secret-name",
      paramLabel = "NAME",
      description =
          "The Secret holding the bearer token in the manifest --print-eventsource prints. "
              + "Default: <server-name>-token.")
  public String secretName;

  @Option(
      names = "--check-config",
      paramLabel = "FILE",
      description =
          "Check a config file, or every spec.generic.*.config of the EventSource manifests in FILE, "
              + "exactly as a stream would bind it; print each error with its path; exit 0 when all are valid, else 2.")
  public Path checkConfig;

  /**
   * The largest config {@code --check-config} accepts; the launcher sets it from {@code
   * --max-config-bytes}.
   */
  public int maxConfigBytes = ConfigBinder.DEFAULT_MAX_BYTES;

  /** True when a flag asks for a tool rather than a server. */
  public boolean anyRequested() {
    return printConfigSchema || printEventSource != null || checkConfig != null;
  }
}
