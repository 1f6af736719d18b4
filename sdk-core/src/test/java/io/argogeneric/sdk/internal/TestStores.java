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
package io.argogeneric.sdk.internal;

import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.sdk.store.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** File stores with a seam: a hook as an identity opens, and a wrapper around its outbox log. */
final class TestStores {
  private TestStores() {}

  static StateStore file(Path dir, Consumer<String> onOpen, UnaryOperator<OutboxLog> wrapLog) {
    FileStateStore files;
    try {
      files = new FileStateStore(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new StateStore() {
      @Override
      public IdentityState open(String eventName, String configHash) throws IOException {
        onOpen.accept(eventName);
        IdentityState state = files.open(eventName, configHash);
        return new IdentityState() {
          @Override
          public byte[] position() throws IOException {
            return state.position();
          }

          @Override
          public void putPosition(byte[] position) throws IOException {
            state.putPosition(position);
          }

          @Override
          public OutboxLog outbox() throws IOException {
            return wrapLog.apply(state.outbox());
          }

          @Override
          public void close() {
            state.close();
          }
        };
      }

      @Override
      public boolean persistent() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
