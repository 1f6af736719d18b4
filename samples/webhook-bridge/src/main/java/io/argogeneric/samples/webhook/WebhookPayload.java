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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the event payload exactly as Argo's webhook eventsource does ({@code WebhookEventData}
 * marshalled by Go's encoding/json): {@code {"header":{...},"body":...,"metadata":{...}}}, map keys
 * sorted, header names in Go's canonical form, {@code metadata} left out when empty.
 */
final class WebhookPayload {
  /** What Argo writes in place of an {@code Authorization} header's value. */
  static final String MASKED_AUTHORIZATION = "*** Masked Auth Secret ***";

  private static final JsonFactory JSON = new JsonFactory();

  private WebhookPayload() {}

  /** A request body that cannot become an event; the message says why, in one line. */
  static final class BadBody extends Exception {
    private static final long serialVersionUID = 1L;

    BadBody(String message) {
      super(message);
    }
  }

  /**
   * Collects header fields the way Go's net/http does: canonical names, values in arrival order.
   */
  static Map<String, List<String>> headers(Iterable<Map.Entry<String, String>> fields) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Map.Entry<String, String> f : fields) {
      String name = canonicalHeaderKey(f.getKey());
      // Go's server moves Host into Request.Host and Transfer-Encoding into
      // Request.TransferEncoding
      if (name.equals("Host") || name.equals("Transfer-Encoding")) {
        continue;
      }
      out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(f.getValue());
    }
    if (out.containsKey("Authorization")) {
      out.put(
          "Authorization",
          List.of(MASKED_AUTHORIZATION)); // as Argo: Header.Set replaces every value
    }
    return out;
  }

  /**
   * Go's {@code textproto.CanonicalMIMEHeaderKey}: the first letter and every letter after a hyphen
   * upper case, the rest lower case; a name with a byte outside the token set is left as it is.
   */
  static String canonicalHeaderKey(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        return name;
      }
    }
    char[] out = name.toCharArray();
    boolean upper = true;
    for (int i = 0; i < out.length; i++) {
      char c = out[i];
      if (upper && c >= 'a' && c <= 'z') {
        c = (char) (c - 32);
      } else if (!upper && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      out[i] = c;
      upper = c == '-';
    }
    return new String(out);
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** A {@code {"name": ["v", ...]}} JSON object, keys sorted, as Go marshals {@code url.Values}. */
  static byte[] valuesJson(Map<String, List<String>> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeValues(g, values instanceof TreeMap ? values : new TreeMap<>(values));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeValues(JsonGenerator g, Map<String, List<String>> values)
      throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      g.writeArrayFieldStart(e.getKey());
      for (String v : e.getValue()) {
        g.writeString(v);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /**
   * Checks that {@code body} is exactly one JSON value and returns it without insignificant
   * whitespace (Go compacts a {@code json.RawMessage} when it marshals it). An empty body becomes
   * {@code null}.
   */
  static byte[] jsonBody(byte[] body, int length) throws BadBody {
    if (isBlank(body, length)) {
      return "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    try (JsonParser p = JSON.createParser(body, 0, length)) {
      p.nextToken();
      p.skipChildren();
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new BadBody(
            "invalid JSON body: unexpected "
                + describe(trailing)
                + " after the JSON value at "
                + where(p));
      }
    } catch (JsonProcessingException e) {
      throw new BadBody(
          "invalid JSON body: " + oneLine(e.getOriginalMessage()) + " at " + where(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compact(body, length);
  }

  /** The whole payload: {@code {"header":...,"body":...,"metadata":...}} in Go's field order. */
  static byte[] payload(
      Map<String, List<String>> header, byte[] bodyJson, Map<String, String> metadata) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bodyJson.length + 256);
    out.writeBytes(ascii("{\"header\":"));
    out.writeBytes(valuesJson(header));
    out.writeBytes(ascii(",\"body\":"));
    out.writeBytes(bodyJson); // already checked and compacted
    if (!metadata.isEmpty()) {
      out.writeBytes(ascii(",\"metadata\":"));
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.writeStartObject();
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.write('}');
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static boolean isBlank(byte[] b, int length) {
    for (int i = 0; i < length; i++) {
      if (!isJsonSpace(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJsonSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** Drops whitespace outside strings from JSON that has been validated. */
  private static byte[] compact(byte[] b, int length) {
    byte[] out = new byte[length];
    int n = 0;
    boolean inString = false;
    for (int i = 0; i < length; i++) {
      byte c = b[i];
      if (inString) {
        out[n++] = c;
        if (c == '\\') {
          out[n++] = b[++i]; // the escaped character, whatever it is
        } else if (c == '"') {
          inString = false;
        }
      } else if (!isJsonSpace(c)) {
        out[n++] = c;
        inString = c == '"';
      }
    }
    return n == length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static String describe(JsonToken t) {
    return t.isScalarValue() ? "value" : "'" + t.asString() + "'";
  }

  private static String where(JsonParser p) {
    return "line "
        + p.currentLocation().getLineNr()
        + ", column "
        + p.currentLocation().getColumnNr();
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  static String oneLine(String s) {
    String line = s == null ? "" : s.replaceAll("\\s+", " ").trim();
    return line.length() > 200 ? line.substring(0, 197) + "..." : line;
  }
}
