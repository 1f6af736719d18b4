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
 * The state of one identity in a {@link StateStore}, open while at least one run of the identity
 * is. Positions are opaque bytes to the store (the SDK encodes them); the engine reads the position
 * once at open, then writes only the newest one, coalesced, so {@link #putPosition} may block on
 * I/O.
 *
 * @since 0.2.0
 */
public interface IdentityState extends AutoCloseable {

  /** The last position written, or {@code null} when there is none. */
  byte[] position() throws IOException;

  /**
   * Replaces the position; a crash during the write must leave the previous one or the new one,
   * never a mix.
   */
  void putPosition(byte[] position) throws IOException;

  /**
   * The outbox of this identity; called only on a {@link StateStore#persistent()} store, for
   * plugins that have an outbox. Closed with this state.
   */
  OutboxLog outbox() throws IOException;

  /** The identity's runs have ended; the position was written before this call. */
  @Override
  void close();
}
