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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the guide honest: every Java block in README.md and docs/*.md appears in a source file the
 * build compiles, every EventSource block parses into an entry Argo accepts, and the
 * getting-started commands match the archetype test that runs them.
 */
class DocsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern FENCE =
      Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL);

  record Block(Path doc, String lang, String text) {
    @Override
    public String toString() {
      return ROOT.relativize(doc)
          + " ```"
          + lang
          + " block starting '"
          + text.lines().findFirst().orElse("")
          + "'";
    }
  }

  static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static List<Block> blocks(String lang) throws IOException {
    List<Block> out = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher m = FENCE.matcher(Files.readString(doc));
      while (m.find()) {
        if (m.group(1).equals(lang)) {
          out.add(new Block(doc, lang, m.group(2)));
        }
      }
    }
    return out;
  }

  /** Lines without their indentation and without blank lines: a snippet may sit inside a class. */
  static String normalize(String text) {
    return text.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void everyJavaBlockIsInACompiledSource() throws IOException {
    List<String> sources;
    try (Stream<Path> files = Files.walk(ROOT)) {
      sources =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> ROOT.relativize(p).toString().contains("src" + java.io.File.separator))
              .filter(
                  p ->
                      !ROOT.relativize(p)
                          .toString()
                          .contains("archetype-resources")) // templates, not compiled
              .filter(
                  p ->
                      !p.toString()
                          .contains(java.io.File.separator + "target" + java.io.File.separator))
              .map(
                  p -> {
                    try {
                      return normalize(Files.readString(p));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .toList();
    }
    List<Block> java = blocks("java");
    assertThat(java).isNotEmpty();
    for (Block b : java) {
      String snippet = normalize(b.text());
      assertThat(sources.stream().anyMatch(s -> s.contains(snippet)))
          .as(
              "%s is not in any source file under */src: copy it from the code, or add it to DocExamples",
              b)
          .isTrue();
    }
  }

  @Test
  void everyEventSourceBlockIsOneArgoAccepts() throws IOException {
    int seen = 0;
    for (Block b : blocks("yaml")) {
      if (!b.text().contains("kind: EventSource")) {
        continue;
      }
      seen++;
      Map<String, Object> es = new Yaml().load(b.text());
      assertThat(es)
          .as("%s", b)
          .containsEntry("apiVersion", "argoproj.io/v1alpha1")
          .containsEntry("kind", "EventSource");
      Map<?, ?> generic = (Map<?, ?>) ((Map<?, ?>) es.get("spec")).get("generic");
      assertThat(generic).as("%s has no generic entries", b).isNotEmpty();
      for (Object entry : generic.values()) {
        Map<?, ?> e = (Map<?, ?>) entry;
        assertThat(e.get("url")).as("%s: url", b).isInstanceOf(String.class);
        assertThat(e.get("insecure")).as("%s: insecure", b).isEqualTo(true);
        assertThat(e.get("config"))
            .as("%s: config must be a non-empty string", b)
            .isInstanceOf(String.class);
        assertThat((String) e.get("config")).as("%s: config", b).isNotBlank();
      }
    }
    assertThat(seen).isGreaterThanOrEqualTo(2);
  }

  @Test
  void readmeEventSourcePassesTheReadmePluginsCheck() throws Exception {
    Block readme =
        blocks("yaml").stream()
            .filter(b -> b.doc().endsWith("README.md"))
            .findFirst()
            .orElseThrow();
    Path file = Files.createTempFile("readme-eventsource", ".yaml");
    try {
      Files.writeString(file, readme.text());
      ConfigToolsTest.Run r =
          ConfigToolsTest.run(new example.HelloEventSource(), "--check-config", file.toString());
      assertThat(r.err()).isEmpty();
      assertThat(r.exit()).isEqualTo(0);
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void gettingStartedMatchesTheArchetypeItsTestGenerates() throws IOException {
    String guide = Files.readString(ROOT.resolve("docs/getting-started.md"));
    Properties it = new Properties();
    try (var in =
        Files.newBufferedReader(
            ROOT.resolve("archetype/src/test/resources/projects/basic/archetype.properties"))) {
      it.load(in);
    }
    String generate =
        blocks("sh").stream()
            .filter(b -> b.text().contains(":generate"))
            .findFirst()
            .orElseThrow()
            .text();
    String archetypePom = Files.readString(ROOT.resolve("archetype/pom.xml"));
    String version =
        Files.readString(ROOT.resolve("pom.xml"))
            .replaceAll(
                "(?s).*?<artifactId>argo-generic-parent</artifactId>\\s*<version>([^<]+)</version>.*",
                "$1");
    assertThat(archetypePom)
        .contains("<artifactId>eventsource-archetype</artifactId>")
        .contains(
            "<archetype.version>"
                + generate.replaceAll("(?s).*maven-archetype-plugin:([^:]+):generate.*", "$1")
                + "</archetype.version>");
    assertThat(generate)
        .contains(
            "-DarchetypeGroupId=io.argogeneric",
            "-DarchetypeArtifactId=eventsource-archetype",
            "-DarchetypeVersion=" + version,
            "-DinteractiveMode=false");
    for (String key : List.of("groupId", "artifactId", "package", "className")) {
      assertThat(generate).contains("-D" + key + "=" + it.getProperty(key) + " ");
    }
    String goals =
        Files.readString(ROOT.resolve("archetype/src/test/resources/projects/basic/goal.txt"));
    assertThat(goals).contains("verify");
    assertThat(guide).contains("mvn verify");

    String template =
        Files.readString(
                ROOT.resolve(
                    "archetype/src/main/resources/archetype-resources/k8s/eventsource.yaml"))
            .replace("${artifactId}", it.getProperty("artifactId"))
            .lines()
            .filter(l -> !l.startsWith("#"))
            .collect(Collectors.joining("\n", "", "\n"));
    Block shown =
        blocks("yaml").stream()
            .filter(b -> b.doc().endsWith("getting-started.md"))
            .findFirst()
            .orElseThrow();
    assertThat(shown.text()).isEqualTo(template);
  }
}
