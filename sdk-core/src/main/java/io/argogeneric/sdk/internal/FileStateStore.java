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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The embedded persistent store: one directory, a folder per identity (named as the outbox's always
 * were, see {@link FileOutboxStore#open}) holding the outbox's files and {@code position}. A
 * position is written to {@code position.tmp}, forced to disk, renamed over {@code position} and
 * the folder forced too, so a crash leaves the old position or the new one; a torn temp file is
 * ignored and overwritten by the next write. Folders are made on the first write, not on open.
 */
final class FileStateStore implements StateStore {
  private final Path root;

  FileStateStore(Path root) throws IOException {
    this.root = Files.createDirectories(root);
    if (!Files.isWritable(root)) {
      throw new IOException("store directory " + root + " is not writable");
    }
  }

  Path root() {
    return root;
  }

  @Override
  public IdentityState open(String eventName, String configHash) throws IOException {
    return new Identity(FileOutboxStore.identityDirectory(root, eventName, configHash));
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "file:" + root;
  }

  /** One identity's folder. */
  static final class Identity implements IdentityState {
    private final Path dir;
    private FileOutboxStore outbox; // guarded by this

    Identity(Path dir) {
      this.dir = dir;
    }

    @Override
    public byte[] position() throws IOException {
      try {
        return Files.readAllBytes(dir.resolve("position"));
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    public synchronized void putPosition(byte[] position) throws IOException {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("position.tmp");
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(position);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(
          tmp,
          dir.resolve("position"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(dir); // the rename itself survives a power loss only once the folder is synced
    }

    @Override
    public synchronized OutboxLog outbox() throws IOException {
      if (outbox == null) {
        outbox = new FileOutboxStore(dir);
      }
      return outbox;
    }

    @Override
    public synchronized void close() {
      if (outbox != null) {
        outbox.close();
      }
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems refuse to open a directory (not Linux's): the rename still happened
      if (!(e instanceof java.nio.file.AccessDeniedException)) {
        throw e;
      }
    }
  }
}
