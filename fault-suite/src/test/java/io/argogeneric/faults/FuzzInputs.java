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
package io.argogeneric.faults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile config bytes: valid configs (YAML and JSON) mutated with random bytes, deep nesting,
 * alias bombs, huge numbers, YAML tags, broken UTF-8 and more, plus random trees. Everything comes
 * from the {@link Random} given, so a seed and an index reproduce an input.
 */
final class FuzzInputs {
  /** One input and how it was made, for the failure message. */
  record Input(byte[] bytes, String recipe) {}

  static final int MAX_CONFIG_BYTES = 1024 * 1024;

  private static final List<String> VALID =
      List.of(
          """
      schedule: "0 9 * * MON-FRI"
      interval: 1h30m
      timezone: Europe/Paris
      exclusionDates:
        - EXDATE:20261225T000000Z
        - EXDATE:20270101T000000Z
      metadata:
        team: payments
        env: prod
      persistence:
        catchup:
          enabled: true
          maxDuration: 5m
      maxEvents: 100
      level: high
      """,
          """
      {"schedule": "*/5 * * * *", "interval": "90s", "timezone": "UTC", "exclusionDates": [],
       "metadata": {"a": "b"}, "persistence": {"catchup": {"enabled": false, "maxDuration": "1h"}},
       "maxEvents": 0, "level": "LOW"}
      """,
          "schedule: '@daily'\n",
          "{\"schedule\": \"CRON_TZ=America/New_York 30 2 * * *\"}",
          """
      schedule: "0 0 * * *"
      exclusionDates: &dates [EXDATE:20261225T000000Z]
      metadata: {"quoted": "value", plain: 1}
      persistence: {catchup: {enabled: yes, maxDuration: 30s}}
      """);

  private static final String[] KEYS = {
    "schedule",
    "interval",
    "timezone",
    "exclusionDates",
    "metadata",
    "persistence",
    "catchup",
    "enabled",
    "maxDuration",
    "maxEvents",
    "level",
    "schedul",
    "Schedule",
    "timeZone",
    "meta data",
    "",
    "~",
    "<<",
    "?",
    "-",
    "\u00e9t\u00e9",
    "\u0000",
    "\ud83d\ude00"
  };

  private static final String[] SCALARS = {
    "~",
    "null",
    "true",
    "no",
    "on",
    "y",
    "0",
    "-0",
    "1e400",
    "-1e400",
    "1e-400",
    ".inf",
    "-.Inf",
    ".NaN",
    "0x1F",
    "0o17",
    "017",
    "0b1011",
    "1_000_000",
    "190:20:30",
    "99999999999999999999999999999999999999",
    "-9223372036854775809",
    "2147483648",
    "3.14159e+300",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14",
    "1h30m",
    "-5s",
    "9999999999999999999h",
    "1.5h",
    "1e3s",
    "P1D",
    "5 m",
    "1h1h",
    "\"\"",
    "''",
    "'it''s'",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\x41\"",
    "|\n  block\n",
    ">-\n  folded\n",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: {b: {c: d}}}",
    "*undefined",
    "&anchor value",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14",
    "!!float 1",
    "!!int 0x1F",
    "!!bool yes",
    "!!str 12",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1]",
    "!!java.util.Date {}",
    "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]",
    "!!java.net.URL [\"http://127.0.0.1/\"]",
    "!custom thing",
    "!<tag:evil.com,2000:x> y",
    "!!merge <<",
    "Europe/Parris",
    "EXDATE:",
    "MON-SUN",
    "\"\\t\\r\\n\"",
    "% not a directive",
    "@reserved",
    "`reserved",
    "- - - -",
    ": :",
    "? complex\n: key"
  };

  private final Random random;

  FuzzInputs(Random random) {
    this.random = random;
  }

  Input next() {
    int kind = random.nextInt(100);
    if (kind < 8) {
      return randomTree();
    }
    if (kind < 12) {
      return deepNesting();
    }
    if (kind < 15) {
      return aliasBomb();
    }
    if (kind < 17) {
      return nearTheSizeLimit();
    }
    if (kind < 20) {
      return otherEncoding();
    }
    String base = VALID.get(random.nextInt(VALID.size()));
    byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
    StringBuilder recipe = new StringBuilder("valid#").append(VALID.indexOf(base));
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      int op = random.nextInt(9);
      bytes =
          switch (op) {
            case 0 -> flipBytes(bytes);
            case 1 -> insert(bytes, randomBytes(1 + random.nextInt(8)));
            case 2 -> insert(bytes, brokenUtf8());
            case 3 -> deleteRange(bytes);
            case 4 -> duplicateRange(bytes);
            case 5 -> replaceValue(bytes, SCALARS[random.nextInt(SCALARS.length)]);
            case 6 ->
                insert(
                    bytes,
                    ("\n"
                            + KEYS[random.nextInt(KEYS.length)]
                            + ": "
                            + SCALARS[random.nextInt(SCALARS.length)]
                            + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            case 7 -> insert(bytes, controlText());
            default -> replaceValue(bytes, longString());
          };
      recipe
          .append('+')
          .append(
              new String[] {
                    "flip", "bytes", "utf8", "delete", "dup", "scalar", "key", "control", "long"
                  }
                  [op]);
    }
    return new Input(bytes, recipe.toString());
  }

  private byte[] flipBytes(byte[] in) {
    byte[] out = in.clone();
    int n = 1 + random.nextInt(10);
    for (int i = 0; i < n && out.length > 0; i++) {
      out[random.nextInt(out.length)] = (byte) random.nextInt(256);
    }
    return out;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private byte[] brokenUtf8() {
    byte[][] bad = {
      {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xFF},
      {(byte) 0xFE, (byte) 0xFF},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
    };
    return bad[random.nextInt(bad.length)];
  }

  private byte[] controlText() {
    String[] controls = {
      "\u0000",
      "\u0007",
      "\t",
      "\r",
      "\u0085",
      "\u2028",
      "\ufeff",
      "\u001b[31m",
      "\ud7ff",
      "\uffff",
      "\ud83d\ude00",
      "\t\t- x"
    };
    return controls[random.nextInt(controls.length)].getBytes(StandardCharsets.UTF_8);
  }

  private String longString() {
    int n = 1 << random.nextInt(18); // up to 128 Ki characters
    String chars = "ax\u00e9\u4e2d'\"\\ ";
    char c = chars.charAt(random.nextInt(chars.length()));
    return "\"" + String.valueOf(c).repeat(n) + "\"";
  }

  private byte[] insert(byte[] in, byte[] what) {
    int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + what.length);
    out.write(in, 0, at);
    out.writeBytes(what);
    out.write(in, at, in.length - at);
    return out.toByteArray();
  }

  private byte[] deleteRange(byte[] in) {
    if (in.length < 2) {
      return in;
    }
    int from = random.nextInt(in.length);
    int to = Math.min(in.length, from + 1 + random.nextInt(20));
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    out.write(in, 0, from);
    out.write(in, to, in.length - to);
    return out.toByteArray();
  }

  private byte[] duplicateRange(byte[] in) {
    if (in.length < 2) {
      return in;
    }
    int from = random.nextInt(in.length);
    int to = Math.min(in.length, from + 1 + random.nextInt(40));
    byte[] range = java.util.Arrays.copyOfRange(in, from, to);
    return insert(in, range);
  }

  /** Replaces the text after one {@code ": "} up to the end of its line with {@code value}. */
  private byte[] replaceValue(byte[] in, String value) {
    String text = new String(in, StandardCharsets.ISO_8859_1); // byte-preserving
    List<Integer> colons = new java.util.ArrayList<>();
    for (int i = text.indexOf(": "); i >= 0; i = text.indexOf(": ", i + 1)) {
      colons.add(i);
    }
    if (colons.isEmpty()) {
      return insert(in, value.getBytes(StandardCharsets.UTF_8));
    }
    int at = colons.get(random.nextInt(colons.size())) + 2;
    int end = text.indexOf('\n', at);
    int comma = text.indexOf(',', at);
    if (comma >= 0 && (end < 0 || comma < end)) {
      end = comma;
    }
    if (end < 0) {
      end = text.length();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(in, 0, at);
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(in, end, in.length - end);
    return out.toByteArray();
  }

  private Input randomTree() {
    boolean json = random.nextBoolean();
    StringBuilder sb = new StringBuilder();
    appendValue(sb, 0, json, true);
    return new Input(
        sb.toString().getBytes(StandardCharsets.UTF_8), json ? "random-json" : "random-yaml-flow");
  }

  private void appendValue(StringBuilder sb, int depth, boolean json, boolean forceMap) {
    int kind = forceMap ? 0 : random.nextInt(depth > 5 ? 1 : 4) + (depth > 5 ? 2 : 0);
    switch (kind) {
      case 0 -> {
        sb.append('{');
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(", ");
          }
          String key = KEYS[random.nextInt(KEYS.length)];
          sb.append(json ? quote(key) : key.isEmpty() ? "''" : key).append(": ");
          appendValue(sb, depth + 1, json, false);
        }
        sb.append('}');
      }
      case 1 -> {
        sb.append('[');
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(", ");
          }
          appendValue(sb, depth + 1, json, false);
        }
        sb.append(']');
      }
      case 2 ->
          sb.append(
              json
                  ? quote(SCALARS[random.nextInt(SCALARS.length)])
                  : SCALARS[random.nextInt(SCALARS.length)]);
      default ->
          sb.append(
              random.nextInt(3) == 0
                  ? Long.toString(random.nextLong())
                  : Double.toString(
                      random.nextGaussian() * Math.pow(10, random.nextInt(600) - 300)));
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private Input deepNesting() {
    int depth = new int[] {49, 51, 500, 5_000, 100_000}[random.nextInt(5)];
    boolean closed = random.nextBoolean();
    String text =
        switch (random.nextInt(4)) {
          case 0 -> "[".repeat(depth) + (closed ? "]".repeat(depth) : "");
          case 1 -> "{a: ".repeat(depth) + "1" + (closed ? "}".repeat(depth) : "");
          case 2 -> "metadata:\n" + "- ".repeat(Math.min(depth, 20_000)) + "x\n";
          default -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(depth, 1_000); i++) {
              sb.append(" ".repeat(i)).append("a:\n");
            }
            yield sb.append(" ".repeat(Math.min(depth, 1_000))).append("b\n").toString();
          }
        };
    return new Input(
        text.getBytes(StandardCharsets.UTF_8),
        "deep-nesting-" + depth + (closed ? "" : "-unclosed"));
  }

  private Input aliasBomb() {
    int levels = 3 + random.nextInt(8);
    StringBuilder sb =
        new StringBuilder(
            "l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for (int i = 1; i <= levels; i++) {
      sb.append("l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        sb.append(j > 0 ? ", " : "").append("*l").append(i - 1);
      }
      sb.append("]\n");
    }
    String[] endings = {
      "",
      "schedule: *l" + levels + "\n",
      "metadata: {<<: *l1}\n",
      "r: &r [*r]\n",
      "metadata: &m {a: *m}\n",
      "? &k [*k]\n: v\n"
    };
    sb.append(endings[random.nextInt(endings.length)]);
    return new Input(sb.toString().getBytes(StandardCharsets.UTF_8), "alias-bomb-" + levels);
  }

  private Input nearTheSizeLimit() {
    int size = MAX_CONFIG_BYTES + new int[] {-100, 0, 1, 4096}[random.nextInt(4)];
    String head = "schedule: '@daily'\nmetadata:\n  pad: \"";
    String tail = "\"\n";
    String pad = "x".repeat(Math.max(0, size - head.length() - tail.length()));
    return new Input((head + pad + tail).getBytes(StandardCharsets.UTF_8), "size-" + size);
  }

  private Input otherEncoding() {
    String base = VALID.get(random.nextInt(VALID.size())).replace("payments", "pa\u00efements");
    java.nio.charset.Charset[] charsets = {
      StandardCharsets.UTF_16,
      StandardCharsets.UTF_16LE,
      StandardCharsets.ISO_8859_1,
      java.nio.charset.Charset.forName("UTF-32")
    };
    java.nio.charset.Charset cs = charsets[random.nextInt(charsets.length)];
    return new Input(base.getBytes(cs), "encoded-" + cs.name());
  }

  /** The input for a failure message: size, recipe and its first bytes, escaped. */
  static String describe(Input in) {
    StringBuilder sb =
        new StringBuilder(in.recipe()).append(", ").append(in.bytes().length).append(" bytes: \"");
    for (int i = 0; i < Math.min(300, in.bytes().length); i++) {
      int b = in.bytes()[i] & 0xff;
      sb.append(
          b >= 0x20 && b < 0x7f && b != '\\' ? Character.toString(b) : String.format("\\x%02x", b));
    }
    return sb.append(in.bytes().length > 300 ? "...\"" : "\"").toString();
  }
}
