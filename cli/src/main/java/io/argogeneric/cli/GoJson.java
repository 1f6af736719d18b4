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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;

/**
 * Builds the exact bytes Argo's generic eventsource dispatches for one event: Go's {@code
 * json.Marshal(&events.GenericEventData{Body, Metadata})} with {@code Body interface{}
 * `json:"body"`} and {@code Metadata map[string]string `json:"metadata,omitempty"`}.
 *
 * <p>Go's encoder is reproduced rather than approximated with Jackson, because the bytes differ: Go
 * escapes {@code < > &} and U+2028/U+2029, sorts map keys by their UTF-8 bytes, and for a {@code
 * json.RawMessage} body validates and compacts the payload but keeps every other byte (number
 * spelling, escapes, key order) as the server sent it.
 */
final class GoJson {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_NESTING_DEPTH = 10000; // Go's scanner limit

  private GoJson() {}

  /** Go's error from json.Marshal; its message is the text Go's error value prints. */
  static final class MarshalException extends Exception {
    private static final long serialVersionUID = 1L;

    MarshalException(String message) {
      super(message);
    }
  }

  /**
   * Wraps one payload as Argo does.
   *
   * @param payload the event's payload; an empty payload is Go's nil slice (proto3 never sends an
   *     empty bytes field), which encodes as {@code null} in both modes
   * @param jsonBody true to embed the payload as raw JSON, false to encode it as base64
   * @param metadata the user's metadata; omitted from the output when empty
   * @throws MarshalException when {@code jsonBody} is set and the payload is not one valid JSON
   *     value
   */
  static byte[] wrap(byte[] payload, boolean jsonBody, Map<String, String> metadata)
      throws MarshalException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 4 / 3 + 64);
    out.writeBytes("{\"body\":".getBytes(StandardCharsets.US_ASCII));
    if (payload.length == 0) {
      out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
    } else if (jsonBody) {
      try {
        appendCompact(out, payload);
      } catch (MarshalException e) {
        throw new MarshalException(
            "json: error calling MarshalJSON for type *json.RawMessage: " + e.getMessage());
      }
    } else {
      out.write('"');
      out.writeBytes(Base64.getEncoder().encode(payload));
      out.write('"');
    }
    if (!metadata.isEmpty()) {
      out.writeBytes(",\"metadata\":{".getBytes(StandardCharsets.US_ASCII));
      byte[][] keys = metadata.keySet().stream().map(GoJson::utf8).toArray(byte[][]::new);
      // Go sorts map keys as strings, i.e. by their UTF-8 bytes (not Java's UTF-16 order).
      Arrays.sort(keys, Comparator.comparing((byte[] k) -> k, Arrays::compareUnsigned));
      boolean first = true;
      for (byte[] key : keys) {
        if (!first) {
          out.write(',');
        }
        first = false;
        String keyText = new String(key, StandardCharsets.UTF_8);
        appendString(out, keyText);
        out.write(':');
        appendString(out, metadata.get(keyText));
      }
      out.write('}');
    }
    out.write('}');
    return out.toByteArray();
  }

  /**
   * Encodes a Java string as Go's encoder encodes a string with HTML escaping on (json.Marshal's
   * default).
   */
  static void appendString(ByteArrayOutputStream out, String text) {
    byte[] src = utf8(text);
    out.write('"');
    int start = 0;
    for (int i = 0; i < src.length; ) {
      int b = src[i] & 0xff;
      if (b < 0x80) {
        if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&') {
          i++;
          continue;
        }
        out.write(src, start, i - start);
        switch (b) {
          case '\\', '"' -> {
            out.write('\\');
            out.write(b);
          }
          case '\b' -> writeAscii(out, "\\b");
          case '\f' -> writeAscii(out, "\\f");
          case '\n' -> writeAscii(out, "\\n");
          case '\r' -> writeAscii(out, "\\r");
          case '\t' -> writeAscii(out, "\\t");
          default -> writeUnicodeEscape(out, b);
        }
        i++;
        start = i;
        continue;
      }
      // Our strings come from Java, so they are valid UTF-8 except lone surrogates, which the
      // JDK encodes as '?'; only U+2028 and U+2029 need care here.
      if (b == 0xE2
          && i + 2 < src.length
          && (src[i + 1] & 0xff) == 0x80
          && ((src[i + 2] & 0xff) & ~1) == 0xA8) {
        out.write(src, start, i - start);
        writeAscii(out, "\\u202");
        out.write(HEX[src[i + 2] & 0xF]);
        i += 3;
        start = i;
        continue;
      }
      i++;
    }
    out.write(src, start, src.length - start);
    out.write('"');
  }

  /**
   * Go's {@code appendCompact(dst, src, escape=true)}: validates that {@code src} is exactly one
   * JSON value, drops insignificant whitespace, escapes {@code < > &} and U+2028/U+2029, and copies
   * every other byte unchanged.
   */
  static void appendCompact(ByteArrayOutputStream out, byte[] src) throws MarshalException {
    ByteArrayOutputStream dst = new ByteArrayOutputStream(src.length);
    Scanner scan = new Scanner();
    int start = 0;
    for (int i = 0; i < src.length; i++) {
      int c = src[i] & 0xff;
      if (c == '<' || c == '>' || c == '&') {
        dst.write(src, start, i - start);
        writeUnicodeEscape(dst, c);
        start = i + 1;
      }
      if (c == 0xE2
          && i + 2 < src.length
          && (src[i + 1] & 0xff) == 0x80
          && ((src[i + 2] & 0xff) & ~1) == 0xA8) {
        dst.write(src, start, i - start);
        writeAscii(dst, "\\u202");
        dst.write(HEX[src[i + 2] & 0xF]);
        start = i + 3;
      }
      int v = scan.step(c);
      if (v >= Scanner.SKIP_SPACE) {
        if (v == Scanner.ERROR) {
          break;
        }
        if (start < i) {
          dst.write(src, start, i - start);
        }
        start = i + 1;
      }
    }
    if (scan.eof() == Scanner.ERROR) {
      throw new MarshalException(scan.error);
    }
    if (start < src.length) {
      dst.write(src, start, src.length - start);
    }
    out.writeBytes(dst.toByteArray());
  }

  private static void writeUnicodeEscape(ByteArrayOutputStream out, int b) {
    writeAscii(out, "\\u00");
    out.write(HEX[b >> 4]);
    out.write(HEX[b & 0xF]);
  }

  private static void writeAscii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A port of Go's encoding/json scanner state machine (scanner.go): same accepted language, same
   * error texts, so a payload Argo rejects is rejected here with the same message.
   */
  static final class Scanner {
    static final int CONTINUE = 0;
    static final int SKIP_SPACE = 9;
    static final int END = 10;
    static final int ERROR = 11;

    private enum Parse {
      OBJECT_KEY,
      OBJECT_VALUE,
      ARRAY_VALUE
    }

    private enum State {
      BEGIN_VALUE,
      BEGIN_VALUE_OR_EMPTY,
      BEGIN_STRING_OR_EMPTY,
      BEGIN_STRING,
      END_VALUE,
      END_TOP,
      IN_STRING,
      IN_STRING_ESC,
      IN_STRING_ESC_U,
      IN_STRING_ESC_U1,
      IN_STRING_ESC_U12,
      IN_STRING_ESC_U123,
      NEG,
      ONE,
      ZERO,
      DOT,
      DOT0,
      E,
      E_SIGN,
      E0,
      T,
      TR,
      TRU,
      F,
      FA,
      FAL,
      FALS,
      N,
      NU,
      NUL,
      ERROR
    }

    private State state = State.BEGIN_VALUE;
    private Parse[] stack = new Parse[16];
    private int depth;
    private boolean endTop;
    String error;

    int step(int c) {
      switch (state) {
        case BEGIN_VALUE_OR_EMPTY:
          if (isSpace(c)) {
            return SKIP_SPACE;
          }
          if (c == ']') {
            return endValue(c);
          }
          return beginValue(c);
        case BEGIN_VALUE:
          return beginValue(c);
        case BEGIN_STRING_OR_EMPTY:
          if (isSpace(c)) {
            return SKIP_SPACE;
          }
          if (c == '}') {
            stack[depth - 1] = Parse.OBJECT_VALUE;
            return endValue(c);
          }
          return beginString(c);
        case BEGIN_STRING:
          return beginString(c);
        case END_VALUE:
          return endValue(c);
        case END_TOP:
          return endTop(c);
        case IN_STRING:
          if (c == '"') {
            state = State.END_VALUE;
            return CONTINUE;
          }
          if (c == '\\') {
            state = State.IN_STRING_ESC;
            return CONTINUE;
          }
          if (c < 0x20) {
            return fail(c, "in string literal");
          }
          return CONTINUE;
        case IN_STRING_ESC:
          switch (c) {
            case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> {
              state = State.IN_STRING;
              return CONTINUE;
            }
            case 'u' -> {
              state = State.IN_STRING_ESC_U;
              return CONTINUE;
            }
            default -> {
              return fail(c, "in string escape code");
            }
          }
        case IN_STRING_ESC_U:
          return hex(c, State.IN_STRING_ESC_U1);
        case IN_STRING_ESC_U1:
          return hex(c, State.IN_STRING_ESC_U12);
        case IN_STRING_ESC_U12:
          return hex(c, State.IN_STRING_ESC_U123);
        case IN_STRING_ESC_U123:
          return hex(c, State.IN_STRING);
        case NEG:
          if (c == '0') {
            state = State.ZERO;
            return CONTINUE;
          }
          if ('1' <= c && c <= '9') {
            state = State.ONE;
            return CONTINUE;
          }
          return fail(c, "in numeric literal");
        case ONE:
          if ('0' <= c && c <= '9') {
            return CONTINUE;
          }
          return zero(c);
        case ZERO:
          return zero(c);
        case DOT:
          if ('0' <= c && c <= '9') {
            state = State.DOT0;
            return CONTINUE;
          }
          return fail(c, "after decimal point in numeric literal");
        case DOT0:
          if ('0' <= c && c <= '9') {
            return CONTINUE;
          }
          if (c == 'e' || c == 'E') {
            state = State.E;
            return CONTINUE;
          }
          return endValue(c);
        case E:
          if (c == '+' || c == '-') {
            state = State.E_SIGN;
            return CONTINUE;
          }
          return eSign(c);
        case E_SIGN:
          return eSign(c);
        case E0:
          if ('0' <= c && c <= '9') {
            return CONTINUE;
          }
          return endValue(c);
        case T:
          return literal(c, 'r', State.TR, "in literal true (expecting 'r')");
        case TR:
          return literal(c, 'u', State.TRU, "in literal true (expecting 'u')");
        case TRU:
          return literal(c, 'e', State.END_VALUE, "in literal true (expecting 'e')");
        case F:
          return literal(c, 'a', State.FA, "in literal false (expecting 'a')");
        case FA:
          return literal(c, 'l', State.FAL, "in literal false (expecting 'l')");
        case FAL:
          return literal(c, 's', State.FALS, "in literal false (expecting 's')");
        case FALS:
          return literal(c, 'e', State.END_VALUE, "in literal false (expecting 'e')");
        case N:
          return literal(c, 'u', State.NU, "in literal null (expecting 'u')");
        case NU:
          return literal(c, 'l', State.NUL, "in literal null (expecting 'l')");
        case NUL:
          return literal(c, 'l', State.END_VALUE, "in literal null (expecting 'l')");
        case ERROR:
        default:
          return ERROR;
      }
    }

    int eof() {
      if (error != null) {
        return ERROR;
      }
      if (endTop) {
        return END;
      }
      step(' ');
      if (endTop) {
        return END;
      }
      if (error == null) {
        error = "unexpected end of JSON input";
      }
      return ERROR;
    }

    private int beginValue(int c) {
      if (isSpace(c)) {
        return SKIP_SPACE;
      }
      switch (c) {
        case '{':
          state = State.BEGIN_STRING_OR_EMPTY;
          return push(Parse.OBJECT_KEY);
        case '[':
          state = State.BEGIN_VALUE_OR_EMPTY;
          return push(Parse.ARRAY_VALUE);
        case '"':
          state = State.IN_STRING;
          return CONTINUE;
        case '-':
          state = State.NEG;
          return CONTINUE;
        case '0':
          state = State.ZERO;
          return CONTINUE;
        case 't':
          state = State.T;
          return CONTINUE;
        case 'f':
          state = State.F;
          return CONTINUE;
        case 'n':
          state = State.N;
          return CONTINUE;
        default:
          if ('1' <= c && c <= '9') {
            state = State.ONE;
            return CONTINUE;
          }
          return fail(c, "looking for beginning of value");
      }
    }

    private int beginString(int c) {
      if (isSpace(c)) {
        return SKIP_SPACE;
      }
      if (c == '"') {
        state = State.IN_STRING;
        return CONTINUE;
      }
      return fail(c, "looking for beginning of object key string");
    }

    private int endValue(int c) {
      if (depth == 0) {
        state = State.END_TOP;
        endTop = true;
        return endTop(c);
      }
      if (isSpace(c)) {
        state = State.END_VALUE;
        return SKIP_SPACE;
      }
      switch (stack[depth - 1]) {
        case OBJECT_KEY:
          if (c == ':') {
            stack[depth - 1] = Parse.OBJECT_VALUE;
            state = State.BEGIN_VALUE;
            return CONTINUE;
          }
          return fail(c, "after object key");
        case OBJECT_VALUE:
          if (c == ',') {
            stack[depth - 1] = Parse.OBJECT_KEY;
            state = State.BEGIN_STRING;
            return CONTINUE;
          }
          if (c == '}') {
            return pop();
          }
          return fail(c, "after object key:value pair");
        case ARRAY_VALUE:
        default:
          if (c == ',') {
            state = State.BEGIN_VALUE;
            return CONTINUE;
          }
          if (c == ']') {
            return pop();
          }
          return fail(c, "after array element");
      }
    }

    private int endTop(int c) {
      if (!isSpace(c)) {
        return fail(c, "after top-level value");
      }
      return END;
    }

    private int zero(int c) {
      if (c == '.') {
        state = State.DOT;
        return CONTINUE;
      }
      if (c == 'e' || c == 'E') {
        state = State.E;
        return CONTINUE;
      }
      return endValue(c);
    }

    private int eSign(int c) {
      if ('0' <= c && c <= '9') {
        state = State.E0;
        return CONTINUE;
      }
      return fail(c, "in exponent of numeric literal");
    }

    private int hex(int c, State next) {
      if (('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')) {
        state = next;
        return CONTINUE;
      }
      return fail(c, "in \\u hexadecimal character escape");
    }

    private int literal(int c, char expected, State next, String context) {
      if (c == expected) {
        state = next;
        return CONTINUE;
      }
      return fail(c, context);
    }

    private int push(Parse p) {
      if (depth == MAX_NESTING_DEPTH) {
        return fail(p == Parse.OBJECT_KEY ? '{' : '[', "exceeded max depth");
      }
      if (depth == stack.length) {
        stack = Arrays.copyOf(stack, depth * 2);
      }
      stack[depth++] = p;
      return CONTINUE;
    }

    private int pop() {
      depth--;
      if (depth == 0) {
        state = State.END_TOP;
        endTop = true;
      } else {
        state = State.END_VALUE;
      }
      return CONTINUE;
    }

    private int fail(int c, String context) {
      state = State.ERROR;
      error = "invalid character " + quoteChar(c) + " " + context;
      return ERROR;
    }

    private static boolean isSpace(int c) {
      return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
    }

    /** Go's quoteChar: the byte taken as a rune and quoted as strconv.Quote would. */
    static String quoteChar(int c) {
      if (c == '\'') {
        return "'\\''";
      }
      if (c == '"') {
        return "'\"'";
      }
      String inner =
          switch (c) {
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 0x0B -> "\\v";
            case '\\' -> "\\\\";
            default -> {
              if (c < 0x20 || c == 0x7f) {
                yield String.format("\\x%02x", c);
              }
              if (c >= 0x80 && c < 0xA0) {
                yield String.format("\\u%04x", c); // C1 controls are not printable in Go
              }
              if (c == 0xA0 || c == 0xAD) {
                yield String.format(
                    "\\u%04x", c); // no-break space, soft hyphen: not printable in Go
              }
              yield String.valueOf((char) c);
            }
          };
      return "'" + inner + "'";
    }
  }
}
