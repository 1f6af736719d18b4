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

/**
 * Where the SDK keeps what outlives one stream, per identity (an event name and a hash of its
 * config): the last position recorded, and for plugins with an outbox, its events. Plugins never
 * see a store; the server's {@code --store} flag picks one. The SDK has two: {@code memory} (the
 * default: state survives reconnects and takeovers, not the process) and a directory of files (it
 * survives restarts and {@code kill -9}). Another one comes as a {@link StateStoreProvider}.
 *
 * <p>The engine opens each identity at most once at a time: a second stream of an identity that is
 * open shares the opened {@link IdentityState}. Opens and position writes run on the engine's store
 * I/O threads, never on gRPC threads; an outbox's appends run on the emitting thread.
 *
 * @since 0.2.0
 */
public interface StateStore extends AutoCloseable {

  /** Opens the state of one identity, creating nothing until something is written. */
  IdentityState open(String eventName, String configHash) throws IOException;

  /**
   * Whether state outlives this process. Only then does an outbox write its events to {@link
   * IdentityState#outbox()}; without it, the outbox lives in the stream's own buffer.
   */
  boolean persistent();

  /** Called once at server shutdown, after every identity was closed. */
  @Override
  void close() throws IOException;
}
