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

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.sdk.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every persistent {@link StateStore} promises the engine, run against each store: a subclass
 * says how to open (and reopen, as a new server process would) the same store.
 */
abstract class StateStoreContract {

  /** Opens the store; a second call opens the same state again, as a restarted process would. */
  abstract StateStore openStore() throws Exception;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(OutboxLog.Stored s) {
    return new String(s.event(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a position is null until written, then the newest one, also after a reopen")
  void positions() throws Exception {
    try (StateStore store = openStore()) {
      assertThat(store.persistent()).isTrue();
      IdentityState id = store.open("orders", "abc123");
      assertThat(id.position()).isNull();
      id.putPosition(bytes("j{\"offset\":1}"));
      id.putPosition(bytes("j{\"offset\":2}"));
      assertThat(id.position()).isEqualTo(bytes("j{\"offset\":2}"));
      assertThat(store.open("orders", "other-config").position())
          .as("another config is another identity")
          .isNull();
      id.close();
    }
    try (StateStore store = openStore()) {
      assertThat(store.open("orders", "abc123").position()).isEqualTo(bytes("j{\"offset\":2}"));
    }
  }

  @Test
  @DisplayName("names that read alike once made safe (a/b, a_b, a.b) are separate identities")
  void namesThatReadAlike() throws Exception {
    try (StateStore store = openStore()) {
      for (String name : new String[] {"a/b", "a_b", "a.b", "a b"}) {
        IdentityState id = store.open(name, "h");
        id.putPosition(bytes(name));
        id.outbox().append(id.outbox().lastSequence() + 1, 1, bytes("event of " + name));
        id.close();
      }
      for (String name : new String[] {"a/b", "a_b", "a.b", "a b"}) {
        IdentityState id = store.open(name, "h");
        assertThat(id.position()).isEqualTo(bytes(name));
        assertThat(id.outbox().undelivered())
            .extracting(StateStoreContract::text)
            .containsExactly("event of " + name);
        id.close();
      }
    }
  }

  @Test
  @DisplayName(
      "appended events come back undelivered in order with their sequence and emit time; delivered"
          + " ones never again; the last sequence survives a reopen even when all were delivered")
  void outbox() throws Exception {
    try (StateStore store = openStore()) {
      IdentityState id = store.open("outboxed", "h1");
      OutboxLog log = id.outbox();
      assertThat(log.undelivered()).isEmpty();
      long first = log.lastSequence() + 1;
      for (int i = 0; i < 5; i++) {
        log.append(first + i, 1_000L + i, bytes("e" + i));
      }
      List<OutboxLog.Stored> stored = log.undelivered();
      assertThat(stored)
          .extracting(OutboxLog.Stored::seq)
          .containsExactly(first, first + 1, first + 2, first + 3, first + 4);
      assertThat(stored)
          .extracting(OutboxLog.Stored::emittedMillis)
          .containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
      assertThat(stored)
          .extracting(StateStoreContract::text)
          .containsExactly("e0", "e1", "e2", "e3", "e4");
      log.delivered(first + 2);
      id.close();
    }
    try (StateStore store = openStore()) {
      IdentityState id = store.open("outboxed", "h1");
      OutboxLog log = id.outbox();
      assertThat(log.undelivered())
          .extracting(StateStoreContract::text)
          .containsExactly("e3", "e4");
      long last = log.lastSequence();
      assertThat(log.undelivered()).extracting(OutboxLog.Stored::seq).last().isEqualTo(last);
      log.delivered(last);
      id.close();
    }
    try (StateStore store = openStore()) {
      IdentityState id = store.open("outboxed", "h1");
      OutboxLog log = id.outbox();
      assertThat(log.undelivered()).isEmpty();
      long last = log.lastSequence();
      assertThat(last).as("the sequence goes on after everything was delivered").isPositive();
      log.append(last + 1, 2_000, bytes("after"));
      id.close();
    }
    try (StateStore store = openStore()) {
      IdentityState id = store.open("outboxed", "h1");
      assertThat(id.outbox().undelivered())
          .extracting(StateStoreContract::text)
          .containsExactly("after");
      id.close();
    }
  }

  @Test
  @DisplayName(
      "a process that dies without closing loses no appended event: the next one replays all after"
          + " the last delivery mark it managed to write")
  void crashWithoutClose() throws Exception {
    long first;
    StateStore crashed = openStore();
    IdentityState id = crashed.open("crashy", "h");
    OutboxLog log = id.outbox();
    first = log.lastSequence() + 1;
    for (int i = 0; i < 200; i++) {
      log.append(first + i, 5, bytes("c" + i));
    }
    log.delivered(first + 99);
    // no close of the identity, no close of the store: the process is gone
    abandon(crashed);
    try (StateStore store = openStore()) {
      List<OutboxLog.Stored> replay = store.open("crashy", "h").outbox().undelivered();
      assertThat(replay)
          .extracting(StateStoreContract::text)
          .as("every event after the delivered one is there")
          .contains("c100", "c199");
      assertThat(replay)
          .extracting(OutboxLog.Stored::seq)
          .as("a suffix of what was appended, in order")
          .isSorted()
          .doesNotHaveDuplicates()
          .last()
          .isEqualTo(first + 199);
      assertThat(replay.get(0).seq()).isBetween(first, first + 100);
      assertThat(replay).hasSize((int) (first + 200 - replay.get(0).seq()));
    }
  }

  /** Drops a store as a killed process would: no close, no final writes. */
  void abandon(StateStore store) throws Exception {}

  @Test
  @DisplayName("closing an identity writes its last delivery mark")
  void closeWritesTheMark() throws Exception {
    try (StateStore store = openStore()) {
      IdentityState id = store.open("closing", "h");
      OutboxLog log = id.outbox();
      long first = log.lastSequence() + 1;
      for (int i = 0; i < 50; i++) {
        log.append(first + i, 1, bytes("d" + i));
      }
      for (int i = 0; i < 50; i++) {
        log.delivered(first + i); // as a drain does, one by one
      }
      id.close();
      IdentityState again = store.open("closing", "h");
      assertThat(again.outbox().undelivered()).isEmpty();
      assertThat(again.outbox().lastSequence()).isEqualTo(first + 49);
      again.close();
    }
  }
}
