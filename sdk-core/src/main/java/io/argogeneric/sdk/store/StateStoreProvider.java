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
package io.argogeneric.sdk.store;

import java.io.IOException;
import java.net.URI;

/**
 * Opens a {@link StateStore} for a {@code --store} URI of its scheme, e.g. {@code
 * nats://host:4222}. Found with {@link java.util.ServiceLoader}: a jar on the server's class path
 * lists its provider in {@code META-INF/services/io.argogeneric.sdk.store.StateStoreProvider}. The
 * schemes {@code memory} and {@code file} (and a plain directory path) are the SDK's own.
 *
 * @since 0.2.0
 */
public interface StateStoreProvider {

  /** The URI scheme this provider opens, lower case, e.g. {@code "nats"}. */
  String scheme();

  /**
   * Opens the store at {@code location}, checking it can be reached.
   *
   * @throws IOException when it cannot, with a message for the operator
   */
  StateStore open(URI location) throws IOException;
}
