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
package io.argogeneric.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The validated command line: everything one run of the client needs. */
record Settings(
    String url,
    String name,
    byte[] config,
    TokenSource token,
    ChannelCredentials credentials,
    String transportName,
    String authority,
    boolean jsonBody,
    Map<String, String> metadata,
    Duration retry,
    Integer count,
    Duration duration) {

  /** grpc-go's default receive limit, which Argo's client keeps. */
  static final int MAX_INBOUND_MESSAGE_SIZE = 4 * 1024 * 1024;

  static ChannelCredentials plaintext() {
    return InsecureChannelCredentials.create();
  }

  /** A new channel per connection, as Argo dials a new grpc.ClientConn after every failure. */
  ManagedChannel newChannel() {
    ManagedChannelBuilder<?> builder =
        Grpc.newChannelBuilder(url, credentials).maxInboundMessageSize(MAX_INBOUND_MESSAGE_SIZE);
    if (authority != null) {
      builder.overrideAuthority(authority);
    }
    return builder.build();
  }

  /**
   * Where the bearer token comes from; a file is re-read on every connection, like Argo's mounted
   * secret.
   */
  sealed interface TokenSource {
    /**
     * @return the token, or null when no token is sent
     */
    String read() throws IOException;

    record None() implements TokenSource {
      @Override
      public String read() {
        return null;
      }
    }

    record Literal(String token) implements TokenSource {
      @Override
      public String read() {
        return token;
      }

      @Override
      public String toString() {
        return "Literal[token=***]"; // never print the secret
      }
    }

    record File(Path path) implements TokenSource {
      @Override
      public String read() throws IOException {
        String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        // Argo's GetSecretFromVolume trims exactly one trailing newline.
        if (text.endsWith("\n")) {
          text = text.substring(0, text.length() - 1);
        }
        String problem = problemWith(text);
        if (problem != null) {
          throw new IOException("token file " + path + ": " + problem);
        }
        return text;
      }
    }

    /**
     * @return why this token cannot be sent as a header value, or null when it can
     */
    static String problemWith(String token) {
      if (token.isEmpty()) {
        return "the token is empty";
      }
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          return "the token has a character that a gRPC header cannot carry (only printable ASCII is allowed)";
        }
      }
      return null;
    }
  }
}
