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
package io.argogeneric.store.nats;

import io.argogeneric.sdk.store.StateStore;
import io.argogeneric.sdk.store.StateStoreProvider;
import java.io.IOException;
import java.net.URI;

/**
 * The {@code nats} scheme of {@code --store}: positions and outboxes on NATS JetStream. With this
 * module on the server's class path, {@code --store nats://host:4222} selects it; the query takes
 * the options (all optional):
 *
 * <ul>
 *   <li>{@code prefix} (default {@code argogeneric}): names the stream {@code PREFIX-outbox}, its
 *       subjects {@code PREFIX.outbox.>} and the KV bucket {@code PREFIX-state}; {@code stream} and
 *       {@code bucket} name them one by one
 *   <li>{@code replicas} (1): of the stream and the bucket when this store creates them
 *   <li>{@code max-age} (168h) and {@code max-bytes} (1 GiB, -1 for none): the stream's limits
 *   <li>{@code timeout} (5s): for connecting and for each acknowledgement
 *   <li>{@code creds}, {@code token-file}, or {@code user} with {@code password-file}: files with
 *       the credentials (never the secret itself in the URI)
 *   <li>{@code tls-ca}, {@code tls-cert} and {@code tls-key}: PEM files; {@code tls=true} for TLS
 *       trusting the JVM's certificate authorities
 * </ul>
 *
 * <p>Several servers of a cluster go comma-separated: {@code nats://a:4222,b:4222,c:4222}.
 *
 * @since 0.2.0
 */
public final class NatsStateStoreProvider implements StateStoreProvider {
  @Override
  public String scheme() {
    return "nats";
  }

  /**
   * @throws IllegalArgumentException when the URI is malformed or has an unknown option
   * @throws IOException when NATS cannot be reached or JetStream refuses the stream or bucket
   */
  @Override
  public StateStore open(URI location) throws IOException {
    return NatsStateStore.open(NatsStoreOptions.parse(location));
  }
}
