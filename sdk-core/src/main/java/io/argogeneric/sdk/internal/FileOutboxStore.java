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

import io.argogeneric.sdk.store.OutboxLog;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbox kept in two files per identity: {@code events.log}, an append-only log of {@code [seq
 * (8) | emitted millis (8) | length (4) | Event bytes]} records, and {@code delivered}, the highest
 * sequence handed to a stream, replaced atomically. The log is truncated whenever everything in it
 * has been delivered, so it holds only the backlog.
 *
 * <p>Writes go to the operating system before an emit returns, which survives the server process
 * being killed ({@code kill -9}); they are not forced to the disk on every event, so a power loss
 * can lose the last ones. A torn last record (a crash mid-write) is ignored on reload.
 */
final class FileOutboxStore implements OutboxLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileOutboxStore.class);
  private static final int MAX_RECORD = 8 * 1024 * 1024;

  private final Path dir;
  private final Path logFile;
  private final Path deliveredFile;
  private FileChannel channel;

  /** The log's length after the last whole record: a failed append is cut back to it. */
  private long logLength;

  private long lastAppended = -1;
  private long lastDelivered = -1;
  private long deliveredWritten = -1;
  private int unrecordedDeliveries;
  private boolean markFailing;

  FileOutboxStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.logFile = dir.resolve("events.log");
    this.deliveredFile = dir.resolve("delivered");
    this.lastDelivered = readDelivered();
    this.deliveredWritten = lastDelivered;
    this.channel =
        FileChannel.open(
            logFile,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    this.logLength = channel.size();
  }

  /**
   * Opens the store of one identity under {@code root}. Its folder is named by a SHA-256 of the
   * exact event name (after a readable prefix), so names that read alike ({@code a/b}, {@code a_b})
   * never share a log. A folder of the earlier scheme (the sanitised name cut to 64 characters) is
   * taken over by renaming it when that name cannot have been shared: the event name is already
   * made of {@code [A-Za-z0-9._-]} and at most 64 characters long. Any other such folder is left
   * alone, with a warning, since it may hold the events of several names.
   */
  static FileOutboxStore open(Path root, String eventName, String configHash) throws IOException {
    return new FileOutboxStore(identityDirectory(root, eventName, configHash));
  }

  /** The folder of one identity under {@code root}, taking over a legacy one (see open). */
  static Path identityDirectory(Path root, String eventName, String configHash) throws IOException {
    Path dir = root.resolve(directoryName(eventName, configHash));
    Path legacy = root.resolve(legacyDirectoryName(eventName, configHash));
    if (!Files.exists(dir) && Files.isDirectory(legacy)) {
      if (legacy.getFileName().toString().equals(eventName + "-" + configHash)) {
        Files.move(legacy, dir, StandardCopyOption.ATOMIC_MOVE);
        log.info(
            "outbox {}: moved from {} (folders are now named by a hash of the event name)",
            dir,
            legacy);
      } else {
        log.warn(
            "outbox {}: left {} alone: its name may stand for several event names; move it by hand if it "
                + "holds the events of this one",
            dir,
            legacy);
      }
    }
    return dir;
  }

  static String directoryName(String eventName, String configHash) {
    String safe = eventName.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 32) {
      safe = safe.substring(0, 32);
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(eventName.getBytes(StandardCharsets.UTF_8));
      return safe + "-" + java.util.HexFormat.of().formatHex(digest) + "-" + configHash;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The folder name before it carried a hash of the event name: names that sanitise alike collide.
   */
  static String legacyDirectoryName(String eventName, String configHash) {
    String safe = eventName.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 64) {
      safe = safe.substring(0, 64);
    }
    return safe + "-" + configHash;
  }

  @Override
  public synchronized void append(long seq, long emittedMillis, byte[] event) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(20 + event.length);
    buf.putLong(seq).putLong(emittedMillis).putInt(event.length).put(event).flip();
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException e) {
      // a full disk can take part of a record: cut it off, or later records would follow a torn one
      try {
        channel.truncate(logLength);
      } catch (IOException second) {
        e.addSuppressed(second);
      }
      throw e;
    }
    logLength += buf.limit();
    lastAppended = seq;
  }

  /**
   * @throws UncheckedIOException when the log cannot be emptied once all of it was delivered: it
   *     would grow without bound. A delivery mark that cannot be written is not an error here.
   */
  @Override
  public synchronized void delivered(long seq) {
    lastDelivered = Math.max(lastDelivered, seq);
    if (lastDelivered >= lastAppended) {
      // the whole backlog went out: start the log afresh rather than let it grow
      try {
        channel.truncate(0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot empty the delivered log in " + dir, e);
      }
      logLength = 0;
      unrecordedDeliveries = 0;
      markQuietly();
    } else if (++unrecordedDeliveries >= 64) {
      // under a steady backlog, mark progress in batches: a crash re-sends at most 64 events
      unrecordedDeliveries = 0;
      markQuietly();
    }
  }

  /**
   * The mark only bounds what a crash re-sends, so a mark that cannot be written (a full disk) does
   * not stop delivery: a crash then re-sends every event since the last mark, and nothing is lost.
   * Ending the stream instead would keep a full disk full, since only delivering its backlog (and
   * emptying the log) frees it.
   */
  private void markQuietly() {
    try {
      writeDelivered();
      markFailing = false;
    } catch (IOException e) {
      if (!markFailing) {
        markFailing = true;
        log.warn(
            "outbox {}: cannot write the delivery mark ({}); delivering on, but a crash now re-sends every "
                + "event since the last mark",
            dir,
            e.toString());
      }
    }
  }

  private void writeDelivered() throws IOException {
    if (deliveredWritten == lastDelivered) {
      return;
    }
    Path tmp = dir.resolve("delivered.tmp");
    Files.writeString(tmp, Long.toString(lastDelivered), StandardCharsets.US_ASCII);
    Files.move(
        tmp, deliveredFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    deliveredWritten = lastDelivered;
  }

  private long readDelivered() {
    try {
      return Files.exists(deliveredFile)
          ? Long.parseLong(Files.readString(deliveredFile).trim())
          : -1;
    } catch (IOException | NumberFormatException e) {
      log.warn(
          "outbox {}: unreadable delivery mark ({}); replaying the whole log", dir, e.toString());
      return -1;
    }
  }

  @Override
  public synchronized List<Stored> undelivered() throws IOException {
    List<Stored> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(logFile);
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
      while (true) {
        long seq;
        try {
          seq = data.readLong();
        } catch (EOFException e) {
          break;
        }
        try {
          long millis = data.readLong();
          int len = data.readInt();
          if (len < 0 || len > MAX_RECORD) {
            log.warn(
                "outbox {}: corrupt record after seq {}; ignoring the rest of the log",
                dir,
                lastAppended);
            break;
          }
          byte[] event = data.readNBytes(len);
          if (event.length < len) {
            break; // torn last record
          }
          lastAppended = Math.max(lastAppended, seq);
          if (seq > lastDelivered) {
            out.add(new Stored(seq, millis, event));
          }
        } catch (EOFException e) {
          break; // torn last record
        }
      }
    }
    return out;
  }

  @Override
  public synchronized long lastSequence() {
    return Math.max(lastAppended, lastDelivered);
  }

  @Override
  public synchronized void close() {
    try {
      writeDelivered();
      channel.close();
    } catch (IOException e) {
      log.warn("outbox {}: close failed: {}", dir, e.toString());
    }
  }
}
