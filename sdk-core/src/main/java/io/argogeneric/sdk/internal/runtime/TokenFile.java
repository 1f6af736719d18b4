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
package io.argogeneric.sdk.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens read from a file, one per line (blank lines and {@code #} comments skipped), so a
 * rotated Kubernetes Secret can hold the old and the new token at once. The file is checked for a
 * change at most once a second (by content), when a call needs it; a file that cannot be read keeps the tokens
 * last read. Comparison is constant-time over the token bytes.
 */
public final class TokenFile {
  private static final Logger log = LoggerFactory.getLogger(TokenFile.class);
  private static final long RECHECK_NANOS = 1_000_000_000L;

  private final Path path;
  private volatile List<byte[]> tokens = List.of();
  private volatile long checkedAt;
  private byte[] content = new byte[0];

  public TokenFile(Path path) {
    this.path = Objects.requireNonNull(path, "path");
    reloadIfChanged(true);
    if (tokens.isEmpty()) {
      log.warn("token file {} holds no token: every call will be refused", path);
    }
  }

  /** True when {@code presented} equals one of the tokens. */
  public boolean matches(String presented) {
    long now = System.nanoTime();
    if (now - checkedAt > RECHECK_NANOS) {
      reloadIfChanged(false);
    }
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    boolean found = false;
    for (byte[] token : tokens) {
      found |= MessageDigest.isEqual(token, p); // no early exit: time does not say which matched
    }
    return found;
  }

  private synchronized void reloadIfChanged(boolean first) {
    checkedAt = System.nanoTime();
    try {
      // compare contents, not mtimes: a Secret swap or a same-size rewrite within one mtime tick
      // must not be missed, and a token file is a few bytes
      byte[] now = Files.readAllBytes(path);
      if (!first && Arrays.equals(now, content)) {
        return;
      }
      tokens =
          new String(now, StandardCharsets.UTF_8).lines()
              .map(String::trim)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .map(line -> line.getBytes(StandardCharsets.UTF_8))
              .toList();
      content = now;
      if (!first) {
        log.info("token file {} reloaded: {} token(s)", path, tokens.size());
      }
    } catch (IOException e) {
      log.warn("cannot read token file {}: {}; keeping {} token(s) read before", path, e.toString(), tokens.size());
    }
  }
}
