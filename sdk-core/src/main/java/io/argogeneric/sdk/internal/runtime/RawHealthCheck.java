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

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One grpc.health.v1 Check call over plaintext HTTP/2, written as bytes on a plain socket.
 *
 * <p>It exists to make a server load its call path (Netty's HTTP/2 codec, gRPC's server call
 * classes: about 650 classes, 0.3 s the first time) before a real client needs it, without loading
 * a gRPC client as well: the container image's class-cache training run would otherwise store the
 * client's classes too, and every start would map them for nothing (about 7 MiB of resident
 * memory). Only what this needs of HTTP/2 is here: the client preface, one request with literal
 * HPACK headers, SETTINGS acknowledged, and the answer read frame by frame until the stream ends.
 */
final class RawHealthCheck {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS = 4;
  private static final int GOAWAY = 7;
  private static final int END_STREAM = 0x1;
  private static final int ACK = 0x1;
  private static final int END_HEADERS = 0x4;

  /** The answer's one message: HealthCheckResponse{status: SERVING}, length-prefixed by gRPC. */
  private static final byte[] SERVING = {0, 0, 0, 0, 2, 0x08, 0x01};

  private RawHealthCheck() {}

  /**
   * Asks the server at {@code address} for its overall health; true when it answered SERVING.
   *
   * @throws IOException when the connection fails, times out or the answer is not HTTP/2
   */
  static boolean isServing(InetSocketAddress address, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(request(address));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      boolean serving = false;
      while (true) {
        int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fff_ffff;
        if (length > 1 << 20) {
          throw new IOException("HTTP/2 frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (type == SETTINGS && (flags & ACK) == 0) {
          out.write(frame(SETTINGS, ACK, 0, new byte[0]));
          out.flush();
        } else if (type == GOAWAY || (type == RST_STREAM && stream == 1)) {
          return false;
        } else if (stream == 1 && (type == DATA || type == HEADERS)) {
          serving |= type == DATA && Arrays.equals(payload, SERVING);
          if ((flags & END_STREAM) != 0) {
            out.write(frame(GOAWAY, 0, 0, new byte[8])); // last stream 0, NO_ERROR
            out.flush();
            return serving;
          }
        }
      }
    }
  }

  private static byte[] request(InetSocketAddress address) {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    header(headers, ":method", "POST");
    header(headers, ":scheme", "http");
    header(headers, ":path", "/grpc.health.v1.Health/Check");
    header(headers, ":authority", address.getHostString() + ":" + address.getPort());
    header(headers, "content-type", "application/grpc");
    header(headers, "te", "trailers");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(PREFACE);
    request.writeBytes(frame(SETTINGS, 0, 0, new byte[0]));
    request.writeBytes(frame(HEADERS, END_HEADERS, 1, headers.toByteArray()));
    // an empty HealthCheckRequest (service ""): gRPC's 5-byte prefix and no body
    request.writeBytes(frame(DATA, END_STREAM, 1, new byte[5]));
    return request.toByteArray();
  }

  /**
   * HPACK "literal header field without indexing, new name", no Huffman coding (RFC 7541 6.2.2).
   */
  private static void header(ByteArrayOutputStream out, String name, String value) {
    out.write(0);
    string(out, name);
    string(out, value);
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length >= 127) {
      throw new IllegalArgumentException("header longer than a one-byte HPACK length: " + s);
    }
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) {
    byte[] f = new byte[9 + payload.length];
    f[0] = (byte) (payload.length >>> 16);
    f[1] = (byte) (payload.length >>> 8);
    f[2] = (byte) payload.length;
    f[3] = (byte) type;
    f[4] = (byte) flags;
    f[5] = (byte) (stream >>> 24);
    f[6] = (byte) (stream >>> 16);
    f[7] = (byte) (stream >>> 8);
    f[8] = (byte) stream;
    System.arraycopy(payload, 0, f, 9, payload.length);
    return f;
  }
}
