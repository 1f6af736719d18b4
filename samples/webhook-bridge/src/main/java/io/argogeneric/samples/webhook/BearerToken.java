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
package io.argogeneric.samples.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;

/**
 * The bearer token an endpoint requires: fixed in the config, or read from a file (a mounted
 * Kubernetes Secret) and read again when the file changes, so a rotated Secret takes effect
 * without reconnecting the stream.
 */
abstract class BearerToken {

  /** What a check found. */
  enum Verdict { OK, MISSING, WRONG, UNAVAILABLE }

  /** The token from {@code config}, or null when the endpoint needs none. */
  static BearerToken of(WebhookConfig config) {
    if (config.authToken() != null) {
      byte[] token = config.authToken().getBytes(StandardCharsets.UTF_8);
      return new BearerToken() {
        @Override
        byte[] current() {
          return token;
        }
      };
    }
    return config.authTokenFile() == null ? null : new FromFile(config.authTokenFile());
  }

  /** The token now, or null when it cannot be read. */
  abstract byte[] current();

  /** Checks an {@code Authorization} header value in constant time; null means absent. */
  Verdict check(String authorization) {
    byte[] expected = current();
    if (expected == null) {
      return Verdict.UNAVAILABLE;
    }
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Verdict.MISSING;
    }
    byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, presented) ? Verdict.OK : Verdict.WRONG;
  }

  /**
   * A token file, re-read when its modification time or size changes (checked at most every 500 ms).
   * Only a regular file of at most {@link #MAX_BYTES} is read: a directory, a device or a pipe
   * (which could block a reader for ever) or a huge file counts as unreadable.
   */
  static final class FromFile extends BearerToken {
    static final int MAX_BYTES = 64 * 1024;
    private static final long RECHECK_NANOS = 500_000_000L;
    private final Path file;
    private volatile Snapshot snapshot;

    private record Snapshot(long modified, long size, byte[] token, long checkedAt) {}

    FromFile(Path file) {
      this.file = file;
    }

    /**
     * Why {@code file} cannot serve as a token file, for the bridge's own log only (it tells what
     * exists on the host); null when it can. With {@code allowedDir} (absolute, normalized) set, a
     * path outside it is refused without being looked at, and one inside must not lead out of it
     * through a link.
     */
    static String problem(Path file, Path allowedDir) {
      if (allowedDir != null) {
        if (!file.toAbsolutePath().normalize().startsWith(allowedDir)) {
          return "is outside --http-token-dir " + allowedDir;
        }
        try {
          if (!file.toRealPath().startsWith(allowedDir.toRealPath())) {
            return "leads outside --http-token-dir " + allowedDir + " through a link";
          }
        } catch (IOException e) {
          return "cannot be read (" + e.getClass().getSimpleName() + ")";
        }
      }
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // follows links
        if (!a.isRegularFile()) {
          return a.isDirectory() ? "is a directory" : "is not a regular file";
        }
        if (a.size() > MAX_BYTES) {
          return "is larger than " + MAX_BYTES + " bytes";
        }
        return new FromFile(file).current() == null ? "is empty or cannot be read" : null;
      } catch (IOException e) {
        return "cannot be read (" + e.getClass().getSimpleName() + ")";
      }
    }

    @Override
    byte[] current() {
      Snapshot s = snapshot;
      long now = System.nanoTime();
      if (s != null && now - s.checkedAt < RECHECK_NANOS) {
        return s.token;
      }
      synchronized (this) {
        s = snapshot;
        if (s != null && now - s.checkedAt < RECHECK_NANOS) {
          return s.token;
        }
        try {
          BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // follows links
          long modified = a.lastModifiedTime().toMillis();
          byte[] token;
          if (!a.isRegularFile() || a.size() > MAX_BYTES) {
            token = null;
          } else if (s != null && s.modified == modified && s.size == a.size()) {
            token = s.token;
          } else {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim(); // Secrets often end in a newline
            token = text.isEmpty() ? null : text.getBytes(StandardCharsets.UTF_8);
          }
          snapshot = new Snapshot(modified, a.size(), token, now);
          return token;
        } catch (IOException e) {
          snapshot = new Snapshot(-1, -1, null, now);
          return null;
        }
      }
    }
  }
}
