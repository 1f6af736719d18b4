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
package io.argogeneric.samples.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastEventStoreTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "A saved slot reads back; the file is replaced, not appended, and no temp file is left behind")
  void roundTrip() throws IOException {
    LastEventStore.InDirectory store = new LastEventStore.InDirectory(dir.resolve("state"));
    assertThat(store.lastEventTime("daily")).isEmpty();
    store.save("daily", Instant.parse("2026-11-27T09:00:00Z"));
    store.save("daily", Instant.parse("2026-11-28T09:00:00Z"));
    assertThat(store.lastEventTime("daily")).contains(Instant.parse("2026-11-28T09:00:00Z"));
    assertThat(new LastEventStore.InDirectory(dir.resolve("state")).lastEventTime("daily"))
        .as("a new store on the same directory, as after a restart")
        .contains(Instant.parse("2026-11-28T09:00:00Z"));
    try (Stream<Path> files = Files.list(dir.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .startsWith("daily-")
          .endsWith(".json");
    }
  }

  @Test
  @DisplayName("Event names become safe, distinct file names, even when they sanitise alike")
  void fileNames() {
    LastEventStore.InDirectory store = new LastEventStore.InDirectory(dir);
    Path a = store.fileFor("../../etc/passwd");
    Path b = store.fileFor("a/b");
    Path c = store.fileFor("a_b");
    assertThat(a.getParent()).isEqualTo(dir);
    assertThat(a.getFileName().toString()).doesNotContain("/").startsWith(".._.._etc_passwd-");
    assertThat(b).isNotEqualTo(c);
    assertThat(store.fileFor("x".repeat(500)).getFileName().toString().length()).isLessThan(100);
  }

  @Test
  @DisplayName("A corrupt file, or one holding another event, is no history rather than an error")
  void corrupt() throws IOException {
    LastEventStore.InDirectory store = new LastEventStore.InDirectory(dir);
    Files.writeString(store.fileFor("daily"), "{not json", StandardCharsets.UTF_8);
    assertThat(store.lastEventTime("daily")).isEmpty();
    Files.writeString(
        store.fileFor("daily"), "{\"eventName\":\"daily\",\"lastEventTime\":\"yesterday\"}");
    assertThat(store.lastEventTime("daily")).isEmpty();
    Files.writeString(
        store.fileFor("daily"),
        "{\"eventName\":\"other\",\"lastEventTime\":\"2026-11-27T09:00:00Z\"}");
    assertThat(store.lastEventTime("daily")).isEmpty();
    store.save("daily", Instant.parse("2026-11-27T09:00:00Z"));
    assertThat(store.lastEventTime("daily")).contains(Instant.parse("2026-11-27T09:00:00Z"));
  }

  @Test
  @DisplayName("A directory that cannot be written to is logged, and saving does not throw")
  void unwritable() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    LastEventStore.InDirectory store = new LastEventStore.InDirectory(file.resolve("state"));
    store.save("daily", Instant.parse("2026-11-27T09:00:00Z"));
    assertThat(store.lastEventTime("daily")).isEmpty();
  }

  @Test
  @DisplayName("Without a directory, the store keeps the slots in memory")
  void memory() {
    LastEventStore store = LastEventStore.open(null);
    store.save("daily", Instant.parse("2026-11-27T09:00:00Z"));
    assertThat(store.lastEventTime("daily")).contains(Instant.parse("2026-11-27T09:00:00Z"));
    assertThat(store.describe()).contains("memory");
  }
}
