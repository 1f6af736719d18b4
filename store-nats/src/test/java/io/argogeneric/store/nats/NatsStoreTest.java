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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argogeneric.sdk.internal.StateStores;
import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.sdk.store.StateStore;
import io.argogeneric.testfixtures.NatsServer;
import io.argogeneric.testfixtures.Waits;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to NATS: names, limits, purging, a server that goes away, bad URIs. */
class NatsStoreTest {
  static NatsServer nats;

  @BeforeAll
  static void startNats() {
    nats = NatsServer.start();
  }

  @AfterAll
  static void stopNats() {
    nats.close();
  }

  private static NatsStateStore open(String query) throws IOException {
    return (NatsStateStore) new NatsStateStoreProvider().open(URI.create(nats.url() + "?" + query));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName(
      "--store nats://... finds this module by ServiceLoader; the stream has file storage, the"
          + " subjects PREFIX.outbox.> and the limits asked for")
  void selectedByScheme() throws Exception {
    try (StateStore store =
        StateStores.open(nats.url() + "?prefix=sel&max-age=2h&max-bytes=1048576", 10)) {
      assertThat(store).isInstanceOf(NatsStateStore.class);
      StreamConfiguration config =
          ((NatsStateStore) store).management().getStreamInfo("sel-outbox").getConfiguration();
      assertThat(config.getSubjects()).containsExactly("sel.outbox.>");
      assertThat(config.getStorageType()).isEqualTo(StorageType.File);
      assertThat(config.getMaxAge()).isEqualTo(Duration.ofHours(2));
      assertThat(config.getMaxBytes()).isEqualTo(1048576);
      assertThat(config.getReplicas()).isEqualTo(1);
      assertThat(((NatsStateStore) store).connection().keyValueManagement().getBucketNames())
          .contains("sel-state");
    }
  }

  @Test
  @DisplayName("delivered events are purged from the stream, so it holds only the backlog")
  void purgesDelivered() throws Exception {
    try (NatsStateStore store = open("prefix=purge")) {
      IdentityState id = store.open("p", "h");
      OutboxLog log = id.outbox();
      for (int i = 1; i <= 100; i++) {
        log.append(i, 1, bytes("x" + i));
      }
      assertThat(messages(store, "purge-outbox")).isEqualTo(100);
      log.delivered(60);
      Waits.until("the first 60 to be purged", () -> messages(store, "purge-outbox") == 40);
      log.delivered(100);
      id.close();
      assertThat(messages(store, "purge-outbox")).isZero();
    }
  }

  private static long messages(NatsStateStore store, String stream) {
    try {
      return store.management().getStreamInfo(stream).getStreamState().getMsgCount();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName(
      "while nats-server is down, opens and appends fail at once with a clear IOException; after"
          + " its restart the same store works again and nothing appended before is lost")
  void serverDown() throws Exception {
    try (NatsServer own = NatsServer.start();
        NatsStateStore store =
            (NatsStateStore)
                new NatsStateStoreProvider().open(URI.create(own.url() + "?prefix=down"))) {
      IdentityState id = store.open("d", "h");
      OutboxLog log = id.outbox();
      log.append(1, 1, bytes("before"));
      own.kill();
      Waits.until(
          "the client to notice",
          () -> store.connection().getStatus() != Connection.Status.CONNECTED);
      assertThatThrownBy(() -> log.append(2, 1, bytes("while down")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("NATS store is not connected");
      assertThatThrownBy(() -> store.open("d2", "h"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not connected");
      own.restart();
      Waits.until(
          "the client to reconnect",
          () -> store.connection().getStatus() == Connection.Status.CONNECTED);
      id.close();
      IdentityState again = store.open("d", "h");
      assertThat(again.outbox().undelivered())
          .extracting(s -> new String(s.event(), StandardCharsets.UTF_8))
          .containsExactly("before");
      again.outbox().append(2, 1, bytes("after"));
      again.close();
    }
  }

  @Test
  @DisplayName("a server that cannot be reached stops the start, naming it")
  void unreachable() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                new NatsStateStoreProvider()
                    .open(URI.create("nats://127.0.0.1:" + port + "?timeout=2s")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot connect to NATS at nats://127.0.0.1:" + port);
  }

  @Test
  @DisplayName("an event over the server's max_payload fails the append with what to change")
  void overMaxPayload() throws Exception {
    try (NatsStateStore store = open("prefix=big")) {
      OutboxLog log = store.open("b", "h").outbox();
      byte[] big = new byte[(int) store.connection().getMaxPayload() + 1];
      assertThatThrownBy(() -> log.append(1, 1, big))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("over the NATS server's max_payload");
    }
  }

  @Test
  @DisplayName("credentials come from files: a token file and a user's password file")
  void credentialFiles(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    try (NatsServer secured = NatsServer.start("--auth", "s3cret-token")) {
      try (StateStore store =
          new NatsStateStoreProvider()
              .open(URI.create(secured.url() + "?prefix=auth&token-file=" + token))) {
        IdentityState id = store.open("a", "h");
        id.putPosition(bytes("p"));
        assertThat(id.position()).isEqualTo(bytes("p"));
      }
      Path wrong = Files.writeString(dir.resolve("wrong"), "nope");
      assertThatThrownBy(
              () ->
                  new NatsStateStoreProvider()
                      .open(URI.create(secured.url() + "?prefix=auth&token-file=" + wrong)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot connect to NATS");
    }
    assertThatThrownBy(
            () ->
                new NatsStateStoreProvider()
                    .open(URI.create(nats.url() + "?token-file=" + dir.resolve("missing"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("token-file=" + dir.resolve("missing") + " is not a readable file");
  }

  @Test
  @DisplayName("bad store URIs are refused with what is wrong, and a password never shows")
  void badUris() {
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats://u:hunter2@h:4222")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no credentials in the URI")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats://h?replica=3")))
        .hasMessageContaining("unknown option 'replica' (known: bucket, creds,");
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats://h?replicas=7")))
        .hasMessageContaining("replicas=7 must be 1 to 5");
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats://h?prefix=a.b")))
        .hasMessageContaining("prefix=a.b must be 1 to 64 of the characters");
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats://h?max-age=forever")))
        .hasMessageContaining("max-age=forever is not a duration");
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats://h?user=me")))
        .hasMessageContaining("user= and password-file= go together");
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats://h?tls-cert=/c")))
        .hasMessageContaining("tls-cert= and tls-key=");
    assertThatThrownBy(() -> NatsStoreOptions.parse(URI.create("nats:///just-a-path")))
        .hasMessageContaining("name the server");
  }

  @Test
  @DisplayName("servers of a cluster go comma-separated; the port defaults to 4222")
  void servers() {
    NatsStoreOptions o =
        NatsStoreOptions.parse(URI.create("nats://a:4223,b,c:4225?replicas=3&prefix=x"));
    assertThat(o.servers()).containsExactly("nats://a:4223", "nats://b:4222", "nats://c:4225");
    assertThat(o.replicas()).isEqualTo(3);
    assertThat(o.stream()).isEqualTo("x-outbox");
    assertThat(o.bucket()).isEqualTo("x-state");
    assertThat(o.subjectRoot()).isEqualTo("x.outbox");
  }
}
