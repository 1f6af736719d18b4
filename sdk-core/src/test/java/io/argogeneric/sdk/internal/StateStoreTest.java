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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.StateStore;
import io.argogeneric.sdk.store.StateStoreProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stores themselves: the file store's atomic position, the memory bound, --store values. */
class StateStoreTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName(
      "a torn position.tmp (a crash mid-write) leaves the last whole position, and the next write replaces it")
  void tornTempFile() throws Exception {
    Path folder;
    try (FileStateStore store = new FileStateStore(dir)) {
      IdentityState id = store.open("e", "h");
      id.putPosition(bytes("j{\"offset\":1}"));
      id.close();
      folder = dir.resolve(FileOutboxStore.directoryName("e", "h"));
    }
    // a crash after writing half of the next position to the temp file, before the rename
    // (longer than the next position, so a write that does not truncate it leaves a mix)
    Files.write(folder.resolve("position.tmp"), bytes("j{\"offset\":1234567890,\"at\":\"2026-"));
    try (FileStateStore store = new FileStateStore(dir)) {
      IdentityState id = store.open("e", "h");
      assertThat(id.position()).isEqualTo(bytes("j{\"offset\":1}"));
      id.putPosition(bytes("j{\"offset\":2}"));
      assertThat(id.position()).isEqualTo(bytes("j{\"offset\":2}"));
      id.close();
    }
    assertThat(folder.resolve("position.tmp")).doesNotExist();
    assertThat(Files.readString(folder.resolve("position"))).isEqualTo("j{\"offset\":2}");
  }

  @Test
  @DisplayName("opening an identity creates nothing on disk until something is written")
  void openCreatesNothing() throws Exception {
    try (FileStateStore store = new FileStateStore(dir)) {
      IdentityState id = store.open("never-written", "h");
      assertThat(id.position()).isNull();
      id.close();
    }
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "the memory store forgets the least recently used identity past its bound, never one that is open")
  void memoryBound() throws Exception {
    MemoryStateStore store = new MemoryStateStore(2);
    IdentityState held = store.open("held", "h");
    held.putPosition(bytes("held"));
    for (String name : new String[] {"a", "b", "c"}) {
      IdentityState id = store.open(name, "h");
      id.putPosition(bytes(name));
      id.close();
    }
    assertThat(store.endedIdentities()).isEqualTo(2);
    assertThat(store.open("a", "h").position()).as("the oldest ended one is forgotten").isNull();
    assertThat(store.open("held", "h").position())
        .as("open identities are not counted or evicted")
        .isEqualTo(bytes("held"));
    assertThat(store.open("c", "h").position()).isEqualTo(bytes("c"));
  }

  @Test
  @DisplayName(
      "--store takes memory, a directory, file:DIR, file:///DIR, or a provider's scheme; an unknown scheme is named")
  void storeValues() throws Exception {
    assertThat(StateStores.open("memory", 5)).isInstanceOf(MemoryStateStore.class);
    assertThat(StateStores.open(null, 5)).isInstanceOf(MemoryStateStore.class);
    Path a = dir.resolve("a");
    assertThat(((FileStateStore) StateStores.open(a.toString(), 5)).root()).isEqualTo(a);
    Path b = dir.resolve("b");
    assertThat(((FileStateStore) StateStores.open("file:" + b, 5)).root()).isEqualTo(b);
    Path c = dir.resolve("c");
    assertThat(((FileStateStore) StateStores.open(c.toUri().toString(), 5)).root()).isEqualTo(c);
    assertThat(StateStores.open("test://anywhere", 5))
        .isEqualTo(new TestProvider.Opened(URI.create("test://anywhere")));
    assertThatThrownBy(() -> StateStores.open("nats://localhost:4222", 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--store: no store for scheme 'nats' (known: memory, file, test; another one comes as a "
                + "jar with a StateStoreProvider)");
  }

  /** Registered in this module's test resources, as a store module would register its own. */
  public static final class TestProvider implements StateStoreProvider {
    /** What it opens: it remembers where. */
    record Opened(URI location) implements StateStore {
      @Override
      public IdentityState open(String eventName, String configHash) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean persistent() {
        return false;
      }

      @Override
      public void close() {}
    }

    @Override
    public String scheme() {
      return "test";
    }

    @Override
    public StateStore open(URI location) {
      return new Opened(location);
    }
  }
}
