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

import io.argogeneric.sdk.config.TokenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The bearer token an endpoint requires: fixed in the config, or read from a file (a mounted
 * Kubernetes Secret) by the SDK's {@link TokenFile}, which notices a rotated Secret without the
 * stream reconnecting.
 */
abstract class BearerToken {

  /** What a check found. */
  enum Verdict {
    OK,
    MISSING,
    WRONG,
    UNAVAILABLE
  }

  /** The token from {@code config}, or null when the endpoint needs none. */
  static BearerToken of(WebhookConfig config) {
    if (config.authToken() != null) {
      byte[] token = config.authToken().getBytes(StandardCharsets.UTF_8);
      return new BearerToken() {
        @Override
        boolean available() {
          return true;
        }

        @Override
        boolean matches(String presented) {
          return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
        }
      };
    }
    return config.authTokenFile() == null ? null : new FromFile(config.authTokenFile());
  }

  /** False when the token cannot be read now. */
  abstract boolean available();

  /** True when {@code presented} is the token, compared in constant time. */
  abstract boolean matches(String presented);

  /** Checks an {@code Authorization} header value; null means absent. */
  Verdict check(String authorization) {
    if (!available()) {
      return Verdict.UNAVAILABLE;
    }
    if (authorization == null
        || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Verdict.MISSING;
    }
    return matches(authorization.substring(7).trim()) ? Verdict.OK : Verdict.WRONG;
  }

  /**
   * A token file, as the SDK's {@link TokenFile} reads it: one token per line, its contents looked
   * at again at most every {@value TokenFile#RECHECK_MILLIS} ms, and only a regular file of at most
   * {@link TokenFile#MAX_BYTES} (a directory, a device, a pipe or a huge file counts as
   * unreadable).
   */
  static final class FromFile extends BearerToken {
    static final int MAX_BYTES = TokenFile.MAX_BYTES;
    private final TokenFile file;

    FromFile(Path file) {
      this.file = new TokenFile(file);
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
      return TokenFile.problem(file).orElse(null);
    }

    @Override
    boolean available() {
      return file.hasTokens();
    }

    @Override
    boolean matches(String presented) {
      return file.matches(presented);
    }
  }
}
