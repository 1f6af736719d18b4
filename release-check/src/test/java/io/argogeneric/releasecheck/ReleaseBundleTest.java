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
package io.argogeneric.releasecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What this build staged (every published module's install deploys into target/staging what a
 * release uploads) against Central's rules; then the same bundle broken one way at a time, to show
 * that each rule can fail. Runs at install (see the pom), after every published module has staged.
 */
class ReleaseBundleTest {
  private static final Path STAGING =
      Path.of(System.getProperty("release.staging", "../target/staging"));
  private static final String VERSION = System.getProperty("release.version");
  private static final boolean SIGNED = Boolean.getBoolean("release.signed");

  /**
   * Offline, Maven skips the CycloneDX goal (it requires online mode), so there are no SBOMs to ask
   * for.
   */
  private static final boolean SBOMS = !Boolean.getBoolean("release.offline");

  @TempDir static Path copies;

  @BeforeAll
  static void staged() {
    assertThat(VERSION).as("release.version (set by the pom)").isNotBlank();
    assertThat(STAGING)
        .as("the staging directory: run mvn install from the repository root")
        .isDirectory();
  }

  @Test
  void theStagedBundleMeetsCentralsRules() throws Exception {
    assertThat(new BundleCheck(STAGING, VERSION, SIGNED, SBOMS).check()).isEmpty();
    try (Stream<Path> staged = Files.list(STAGING.resolve("io/argogeneric"))) {
      assertThat(staged.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(BundleCheck.PUBLISHED.keySet());
    }
  }

  @Test
  void aPomWithoutLicensesIsRefusedAndSoAreTheModulesThatInheritFromIt() throws Exception {
    Path bundle = copy("licenses");
    Path parentPom = pom(bundle, "argo-generic-parent");
    rewrite(parentPom, Files.readString(parentPom).replaceAll("(?s)<licenses>.*?</licenses>", ""));

    assertThat(check(bundle))
        .anyMatch(p -> p.startsWith("argo-generic-parent: no <licenses>"))
        .anyMatch(p -> p.startsWith("sdk-core: no <licenses>"))
        .noneMatch(p -> p.startsWith("argo-generic-bom:")); // the BOM carries its own
  }

  @Test
  void aPomWithoutScmOrUrlOrDevelopersIsRefused() throws Exception {
    Path bundle = copy("scm");
    Path bom = pom(bundle, "argo-generic-bom");
    rewrite(
        bom,
        Files.readString(bom)
            .replaceAll("(?s)<scm>.*?</scm>", "")
            .replaceAll("(?s)<developers>.*?</developers>", "")
            .replaceFirst("<url>[^<]*</url>", ""));

    assertThat(check(bundle))
        .contains(
            "argo-generic-bom: no <scm> in its pom or its parents': Central needs scm (connection and url)",
            "argo-generic-bom: no <developers> in its pom or its parents': Central needs developers (a developer with a name)");
    // issueManagement's <url> stays: only the project's own <url> counts
    assertThat(check(bundle)).anyMatch(p -> p.startsWith("argo-generic-bom: no <url>"));
  }

  @Test
  void aJarWithoutItsJavadocJarIsRefused() throws Exception {
    Path bundle = copy("javadoc");
    try (Stream<Path> files = Files.list(pom(bundle, "sdk-core").getParent())) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().contains("-javadoc.jar")).toList()) {
        Files.delete(f);
      }
    }

    assertThat(check(bundle)).anyMatch(p -> p.startsWith("sdk-core: javadoc:jar is missing"));
  }

  @Test
  void aChecksumThatDoesNotMatchIsRefused() throws Exception {
    Path bundle = copy("checksum");
    Path pom = pom(bundle, "generic-proto");
    Files.writeString(pom.resolveSibling(pom.getFileName() + ".sha1"), "0".repeat(40));

    assertThat(check(bundle))
        .anyMatch(
            p -> p.startsWith("generic-proto: " + pom.getFileName() + ".sha1 does not match"));
  }

  @Test
  void aModuleThatIsNotPublishedIsRefused() throws Exception {
    Path bundle = copy("unpublished");
    Files.createDirectories(bundle.resolve("io/argogeneric/calendar/" + VERSION));

    assertThat(check(bundle))
        .contains("calendar is staged but is not a published module (set publish.skip in its pom)");
  }

  @Test
  void aRealReleaseNeedsSignaturesAndAReleaseVersion() throws Exception {
    List<String> problems = new BundleCheck(STAGING, VERSION, true, SBOMS).check();

    if (VERSION.endsWith("-SNAPSHOT")) {
      assertThat(problems)
          .contains(
              "version " + VERSION + " is a -SNAPSHOT: Central publishes only release versions");
    }
    if (!SIGNED) {
      assertThat(problems)
          .anyMatch(
              p -> p.startsWith("sdk-core: ") && p.endsWith(".asc (its gpg signature) is missing"));
    }
  }

  private static List<String> check(Path bundle) throws Exception {
    return new BundleCheck(bundle, VERSION, SIGNED, SBOMS).check();
  }

  /** The staged bundle, copied so that a test can break it. */
  private static Path copy(String name) throws IOException {
    Path target = copies.resolve(name);
    try (Stream<Path> all = Files.walk(STAGING)) {
      for (Path p : all.toList()) {
        Path to = target.resolve(STAGING.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }

  /** A module's staged pom (a snapshot's has a timestamp in its name). */
  private static Path pom(Path bundle, String artifactId) throws IOException {
    try (Stream<Path> files =
        Files.list(bundle.resolve("io/argogeneric/" + artifactId + "/" + VERSION))) {
      List<Path> poms =
          files.filter(f -> f.getFileName().toString().endsWith(".pom")).sorted().toList();
      assertThat(poms).as("%s's staged pom", artifactId).isNotEmpty();
      return poms.get(poms.size() - 1);
    }
  }

  /** Changes a file and its checksums, so that only the rule under test breaks. */
  private static void rewrite(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.writeString(
        file.resolveSibling(file.getFileName() + ".md5"), BundleCheck.digest(file, "MD5"));
    Files.writeString(
        file.resolveSibling(file.getFileName() + ".sha1"), BundleCheck.digest(file, "SHA-1"));
  }
}
