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
package io.argogeneric.sdk.internal.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM has no parent, so its copies of the root pom's versions must be kept equal by hand. */
class BuildFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern PROPERTY = Pattern.compile("<([\\w.-]+\\.version)>([^<]+)</\\1>");

  @Test
  void bomPinsWhatTheRootPomBuildsWith() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    Matcher m = PROPERTY.matcher(bom);
    int checked = 0;
    while (m.find()) {
      String name = m.group(1);
      String inRoot =
          name.equals("guava.version")
              ? root.replaceAll(
                  "(?s).*<artifactId>guava</artifactId>\\s*<version>([^<]+)</version>.*", "$1")
              : root.replaceAll(
                  "(?s).*<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">.*",
                  "$1");
      assertThat(m.group(2)).as("bom/pom.xml %s vs the root pom", name).isEqualTo(inRoot);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
    String version =
        root.replaceAll(
            "(?s).*?<artifactId>argo-generic-parent</artifactId>\\s*<version>([^<]+)</version>.*",
            "$1");
    assertThat(bom)
        .contains(
            "<artifactId>argo-generic-bom</artifactId>\n  <version>" + version + "</version>");
  }
}
