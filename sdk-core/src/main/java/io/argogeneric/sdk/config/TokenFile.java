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
package io.argogeneric.sdk.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens read from a file (a mounted Kubernetes Secret), one per line, so a rotated Secret
 * can hold the old and the new token at once; blank lines and {@code #} comments are skipped and
 * each line is trimmed (Secrets often end in a newline). The project's one token-file reader: the
 * server's {@code --auth-token-file} and the webhook bridge's {@code authTokenFile} both use it.
 *
 * <p>One rule for change detection: when a caller needs the tokens and the last look is at least
 * {@value #RECHECK_MILLIS} ms old, the file is read again and its <em>contents</em> compared (not
 * its mtime or size: a Secret swap, or a rewrite of the same size within one mtime tick, must not
 * be missed; a token file is a few bytes).
 *
 * <p>Only a regular file of at most {@link #MAX_BYTES} is read: a directory, a device or a pipe
 * (which could block a reader for ever) or a larger file counts as unreadable. An unreadable file
 * holds no token, so every comparison fails until it is readable again. Comparison is constant-time
 * over the token bytes. Thread-safe.
 *
 * @since 0.1.0
 */
public final class TokenFile {
  /** The largest token file read, in bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  /** How often, at most, the file is looked at again, in milliseconds. */
  public static final long RECHECK_MILLIS = 500;

  private static final Logger log = LoggerFactory.getLogger(TokenFile.class);
  private static final long RECHECK_NANOS = RECHECK_MILLIS * 1_000_000L;

  private final Path path;
  private volatile List<byte[]> tokens = List.of();
  private volatile long checkedAt;
  // guarded by this
  private byte[] content; // null until read, and while unreadable
  private volatile boolean looked;
  private boolean unreadable;

  /**
   * A reader of {@code path}; the file is first read when a token is first needed (call {@link
   * #hasTokens} to read it now). A file that cannot be read holds no token until it can.
   */
  public TokenFile(Path path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  /** The file this reads. */
  public Path path() {
    return path;
  }

  /** True when {@code presented} equals one of the file's tokens; false when it holds none. */
  public boolean matches(String presented) {
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    boolean found = false;
    for (byte[] token : current()) {
      found |= MessageDigest.isEqual(token, p); // no early exit: time does not say which matched
    }
    return found;
  }

  /** True when the file can be read and holds at least one token. */
  public boolean hasTokens() {
    return !current().isEmpty();
  }

  /**
   * Why {@code file} cannot serve as a token file, for an operator's log (it tells what exists on
   * the host, so it is not for clients), or empty when it can.
   */
  public static Optional<String> problem(Path file) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class); // follows links
      if (!a.isRegularFile()) {
        return Optional.of(a.isDirectory() ? "is a directory" : "is not a regular file");
      }
      if (a.size() > MAX_BYTES) {
        return Optional.of("is larger than " + MAX_BYTES + " bytes");
      }
      return parse(Files.readAllBytes(file)).isEmpty()
          ? Optional.of("is empty or holds no token")
          : Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private List<byte[]> current() {
    if (!looked || System.nanoTime() - checkedAt >= RECHECK_NANOS) {
      reload();
    }
    return tokens;
  }

  private synchronized void reload() {
    long now = System.nanoTime();
    if (looked && now - checkedAt < RECHECK_NANOS) {
      return; // another thread just looked
    }
    checkedAt = now;
    try {
      look();
    } finally {
      looked = true; // after the tokens are set: a caller that sees it sees them
    }
  }

  private void look() { // holds the lock
    byte[] read = read();
    if (read == null) {
      if (!unreadable) { // once per change of state: a broken file is not logged on every call
        log.warn(
            "token file {} cannot be read (or is not a regular file of at most {} bytes): no token is accepted"
                + " until it can",
            path,
            MAX_BYTES);
      }
      unreadable = true;
      content = null;
      tokens = List.of();
      return;
    }
    unreadable = false;
    if (content != null && Arrays.equals(read, content)) {
      return;
    }
    content = read;
    tokens = parse(read);
    if (tokens.isEmpty()) {
      log.warn("token file {} holds no token: every call will be refused", path);
    } else if (looked) { // not on the first read
      log.info("token file {} reloaded: {} token(s)", path, tokens.size());
    }
  }

  /** The file's bytes, or null when it is not a readable regular file of at most MAX_BYTES. */
  private byte[] read() {
    try {
      BasicFileAttributes a =
          Files.readAttributes(path, BasicFileAttributes.class); // follows links
      if (!a.isRegularFile() || a.size() > MAX_BYTES) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(path);
      return bytes.length > MAX_BYTES ? null : bytes; // it grew since the look at its size
    } catch (IOException e) {
      return null;
    }
  }

  private static List<byte[]> parse(byte[] content) {
    return new String(content, StandardCharsets.UTF_8)
        .lines()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.getBytes(StandardCharsets.UTF_8))
        .toList();
  }
}
