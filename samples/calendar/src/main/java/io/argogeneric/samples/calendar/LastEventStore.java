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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last slot delivered per event name, from which a reconnecting stream catches up. A server
 * keeps one store, shared by its streams: a file per event name under {@code --state-dir}, or
 * memory when no directory is given (history then ends with the process).
 */
abstract class LastEventStore implements AutoCloseable {

  /** The last slot delivered for {@code eventName}; empty when there is no usable history. */
  abstract Optional<Instant> lastEventTime(String eventName);

  /** Records that the event of {@code slot} was handed to the stream. Never throws. */
  abstract void save(String eventName, Instant slot);

  /** For logs. */
  abstract String describe();

  @Override
  public void close() {}

  static LastEventStore open(Path stateDir) {
    return stateDir == null ? new InMemory() : new InDirectory(stateDir);
  }

  static final class InMemory extends LastEventStore {
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    @Override
    Optional<Instant> lastEventTime(String eventName) {
      return Optional.ofNullable(last.get(eventName));
    }

    @Override
    void save(String eventName, Instant slot) {
      last.put(eventName, slot);
    }

    @Override
    String describe() {
      return "memory (no --state-dir: history is lost when the server stops)";
    }
  }

  /** One small JSON file per event name, replaced atomically so that a crash leaves old or new. */
  static final class InDirectory extends LastEventStore {
    private static final Logger log = LoggerFactory.getLogger(InDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    InDirectory(Path dir) {
      this.dir = dir;
    }

    /** The file of {@code eventName}: readable, safe for any file system, and unique by hash. */
    Path fileFor(String eventName) {
      String readable = eventName.replaceAll("[^A-Za-z0-9._-]", "_");
      if (readable.length() > 64) {
        readable = readable.substring(0, 64);
      }
      return dir.resolve(readable + "-" + sha256(eventName).substring(0, 16) + ".json");
    }

    @Override
    Optional<Instant> lastEventTime(String eventName) {
      Path file = fileFor(eventName);
      try {
        JsonNode node = JSON.readTree(Files.readAllBytes(file));
        if (node == null || !eventName.equals(node.path("eventName").asText(null))) {
          throw new IOException("it does not hold event '" + eventName + "'");
        }
        return Optional.of(Instant.parse(node.path("lastEventTime").asText()));
      } catch (NoSuchFileException e) {
        log.info("no history for event {} in {}: no catch-up", eventName, file);
      } catch (IOException | RuntimeException e) {
        log.warn(
            "state file {} of event {} is unreadable or corrupt ({}); treating it as no history",
            file,
            eventName,
            e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().replaceAll("\\s+", " "));
      }
      return Optional.empty();
    }

    @Override
    void save(String eventName, Instant slot) {
      Path file = fileFor(eventName);
      Path temp = null;
      try {
        Files.createDirectories(dir);
        ObjectNode node =
            JSON.createObjectNode()
                .put("eventName", eventName)
                .put("lastEventTime", slot.toString());
        temp = Files.createTempFile(dir, ".calendar-", ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          out.write(
              ByteBuffer.wrap(
                  (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8)));
          out.force(true); // on disk before the rename makes it visible
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        log.warn("cannot record the last event of {} in {}: {}", eventName, file, e.toString());
        if (temp != null) {
          try {
            Files.deleteIfExists(temp);
          } catch (IOException ignored) {
            // the warning above already says the state was not written
          }
        }
      }
    }

    @Override
    String describe() {
      return "directory " + dir;
    }

    private static String sha256(String s) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }
  }
}
