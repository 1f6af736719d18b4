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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected strings are what Go's json.Marshal produces for Argo's GenericEventData, worked out from
 * Go's encoding/json source (encode.go, indent.go, scanner.go).
 */
class GoJsonTest {

  private static String wrap(String payload, boolean jsonBody, Map<String, String> metadata)
      throws GoJson.MarshalException {
    return new String(
        GoJson.wrap(payload.getBytes(StandardCharsets.UTF_8), jsonBody, metadata),
        StandardCharsets.UTF_8);
  }

  private static String raw(String payload) throws GoJson.MarshalException {
    return wrap(payload, true, Map.of());
  }

  @Test
  void anEmptyPayloadIsGosNilSliceAndEncodesAsNullInBothModes() throws Exception {
    assertThat(wrap("", true, Map.of())).isEqualTo("{\"body\":null}");
    assertThat(wrap("", false, Map.of())).isEqualTo("{\"body\":null}");
  }

  @Test
  void bytesAreStandardBase64WithPadding() throws Exception {
    byte[] payload = {(byte) 0xfb, (byte) 0xff};
    assertThat(new String(GoJson.wrap(payload, false, Map.of()), StandardCharsets.UTF_8))
        .isEqualTo("{\"body\":\"+/8=\"}");
  }

  @Test
  void rawJsonLosesOnlyInsignificantWhitespaceAndKeepsEveryOtherByte() throws Exception {
    assertThat(raw(" {\"a b\" : [ 1 , -0, 1.0E+2 ],\n\t\"c\":{ } ,\"d\":\" x \"}\r\n"))
        .isEqualTo("{\"body\":{\"a b\":[1,-0,1.0E+2],\"c\":{},\"d\":\" x \"}}");
    assertThat(raw("\"\\u00e9\\n\\/\u00e9\"")).isEqualTo("{\"body\":\"\\u00e9\\n\\/\u00e9\"}");
    assertThat(raw("{\"b\":1,\"a\":2,\"b\":3}"))
        .as("key order and duplicates are kept")
        .isEqualTo("{\"body\":{\"b\":1,\"a\":2,\"b\":3}}");
    assertThat(raw("true")).isEqualTo("{\"body\":true}");
  }

  @Test
  void rawJsonHasHtmlCharactersAndLineSeparatorsEscaped() throws Exception {
    assertThat(raw("\"<a href='x'>&\u2028\u2029</a>\""))
        .isEqualTo("{\"body\":\"\\u003ca href='x'\\u003e\\u0026\\u2028\\u2029\\u003c/a\\u003e\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"a\":1,}      | invalid character '}' looking for beginning of object key string",
        "[1,]            | invalid character ']' looking for beginning of value",
        "{\"a\" 1}       | invalid character '1' after object key",
        "{\"a\":1 \"b\":2} | invalid character '\"' after object key:value pair",
        "[1 2]           | invalid character '2' after array element",
        "`1 2`           | invalid character '2' after top-level value",
        "01              | invalid character '1' after top-level value",
        "{\"a\":         | unexpected end of JSON input",
        "\"abc           | unexpected end of JSON input",
        "-               | invalid character ' ' in numeric literal",
        "1.              | invalid character ' ' after decimal point in numeric literal",
        "1e              | invalid character ' ' in exponent of numeric literal",
        "tru             | invalid character ' ' in literal true (expecting 'e')",
        "nul!            | invalid character '!' in literal null (expecting 'l')",
        "\"\\q\"         | invalid character 'q' in string escape code",
        "\"\\u12G4\"     | invalid character 'G' in \\u hexadecimal character escape",
        "hello           | invalid character 'h' looking for beginning of value",
        "'x'             | invalid character '\\'' looking for beginning of value",
        "\u00e9          | invalid character '\u00c3' looking for beginning of value",
      })
  void invalidJsonFailsWithGosMessage(String payload, String message) {
    assertThatThrownBy(() -> raw(payload))
        .isInstanceOf(GoJson.MarshalException.class)
        .hasMessage("json: error calling MarshalJSON for type *json.RawMessage: " + message);
  }

  @Test
  void aControlCharacterInsideARawStringIsRefused() {
    assertThatThrownBy(() -> raw("\"a\u0001\""))
        .hasMessageEndingWith("invalid character '\\x01' in string literal");
    assertThatThrownBy(() -> raw("\"a\nb\""))
        .hasMessageEndingWith("invalid character '\\n' in string literal");
  }

  @Test
  void nestingIsLimitedToGosMaximumDepth() throws Exception {
    String deepest = "[".repeat(10000) + "]".repeat(10000);
    assertThat(raw(deepest)).isEqualTo("{\"body\":" + deepest + "}");
    assertThatThrownBy(() -> raw("[".repeat(10001) + "]".repeat(10001)))
        .hasMessageEndingWith("invalid character '[' exceeded max depth");
  }

  @Test
  void metadataKeysAreSortedByUtf8BytesAndValuesEscapedAsGoDoes() throws Exception {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("\uD83D\uDE00", "emoji"); // UTF-16 sorts this before U+FF01, UTF-8 after
    metadata.put("\uFF01", "fullwidth");
    metadata.put("b", "<>&\"\\");
    metadata.put("a", "\b\f\n\r\t\u0001\u001f\u007f\u2028\u00e9");

    assertThat(wrap("1", true, metadata))
        .isEqualTo(
            "{\"body\":1,\"metadata\":{"
                + "\"a\":\"\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\\u2028\u00e9\","
                + "\"b\":\"\\u003c\\u003e\\u0026\\\"\\\\\","
                + "\"\uFF01\":\"fullwidth\","
                + "\"\uD83D\uDE00\":\"emoji\"}}");
  }

  @Test
  void everyWrappedEventIsValidJson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    String line = wrap(" {\"k\": \"<\u2028>\"} ", true, Map.of("m", "\u0000<"));
    assertThat(mapper.readTree(line).at("/body/k").asText()).isEqualTo("<\u2028>");
    assertThat(mapper.readTree(line).at("/metadata/m").asText()).isEqualTo("\u0000<");
  }
}
