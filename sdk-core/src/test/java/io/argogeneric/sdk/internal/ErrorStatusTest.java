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
package io.argogeneric.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every status the SDK's own code sends a client is made in {@link ErrorStatus}, and nowhere else.
 */
class ErrorStatusTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final String HOME = "io/argogeneric/sdk/internal/ErrorStatus.java";

  // a status constant (Status.Code.X is only a code, not a status a client sees) or a status made
  // or reworded in place
  private static final Pattern MAKES_STATUS =
      Pattern.compile(
          "\\bStatus\\s*\\.\\s*(?!Code\\b)[A-Z][A-Z_]+\\b|\\.\\s*(withDescription|augmentDescription)\\s*\\("
              + "|\\bStatus\\s*\\.\\s*(fromCode|fromCodeValue|fromThrowable)\\s*\\(");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  @Test
  void noStatusIsMadeOutsideErrorStatus() throws IOException {
    List<String> offences = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file :
          (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        scanned++;
        String where = MAIN.relativize(file).toString().replace('\\', '/');
        if (!where.equals(HOME)) {
          for (String hit : offences(Files.readString(file, StandardCharsets.UTF_8))) {
            offences.add(where + ": " + hit);
          }
        }
      }
    }
    assertThat(scanned).as("source files scanned").isGreaterThan(30);
    assertThat(Files.isRegularFile(MAIN.resolve(HOME))).isTrue();
    assertThat(offences)
        .as("statuses made outside ErrorStatus: add a method there and call it")
        .isEmpty();
  }

  @Test
  void theScanSeesWhatItMustAndNotComments() {
    assertThat(offences("call.close(Status.RESOURCE_EXHAUSTED.withDescription(\"full\"), m);"))
        .hasSize(2);
    assertThat(offences("end(Status.CANCELLED);")).hasSize(1);
    assertThat(offences("x = Status.fromThrowable(t);")).hasSize(1);
    assertThat(offences("s.augmentDescription(\"more\")")).hasSize(1);
    assertThat(offences("if (s.getCode() == Status.Code.UNAVAILABLE) {}")).isEmpty();
    assertThat(
            offences(
                "/** ends with {@code Status.FAILED_PRECONDITION} */\n// Status.ABORTED.withDescription(x)\n"))
        .isEmpty();
  }

  private static List<String> offences(String source) {
    Matcher m = MAKES_STATUS.matcher(COMMENT.matcher(source).replaceAll(" "));
    List<String> hits = new ArrayList<>();
    while (m.find()) {
      hits.add(m.group().replaceAll("\\s+", ""));
    }
    return hits;
  }
}
