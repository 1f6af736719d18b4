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
package io.argogeneric.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The line between the API and the engine, checked: the public packages ({@code
 * io.argogeneric.sdk}, {@code io.argogeneric.sdk.config}, the store SPI {@code
 * io.argogeneric.sdk.store}) depend on no engine type (they reach the engine only through {@link
 * EngineProvider}), the SDK's packages form no cycle, and nothing outside sdk-core's engine names
 * {@code io.argogeneric.sdk.internal} except the few places listed in {@link #ALLOWED}, each with
 * its reason.
 */
class ArchitectureTest {
  private static final String ENGINE = "io.argogeneric.sdk.internal";
  private static JavaClasses sdk;

  /**
   * Who outside the engine may name which engine type, and why. Keys are paths from the repository
   * root (a directory ends in {@code /}); values are the engine types allowed there.
   */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          // in-process driving: the testkit runs the engine without a socket, on virtual time, and
          // puts
          // the server's own auth check in front of it; its public API exposes none of these types
          "sdk-testkit/src/main/java/io/argogeneric/testkit/EventSourceExtension.java",
          Set.of(ENGINE + ".EventingEngine", ENGINE + ".runtime.AuthInterceptor"),
          "sdk-testkit/src/main/java/io/argogeneric/testkit/VirtualTime.java",
          Set.of(ENGINE + ".TimeSource"),
          // fault injection reads the engine's counters and buffers (EngineProbe sits in the
          // engine's
          // package to reach its package-private state) and starts servers to reach their engine
          "fault-suite/src/test/java/",
          Set.of(
              ENGINE,
              ENGINE + ".EngineProbe",
              ENGINE + ".EventingEngine",
              ENGINE + ".runtime.ServerLauncher",
              ENGINE + ".config.ConfigBinder"),
          // the calendar's Go oracle test swaps virtual time per case under one running engine
          "samples/calendar/src/test/java/io/argogeneric/samples/calendar/CalendarOracleTest.java",
          Set.of(ENGINE + ".EventingEngine", ENGINE + ".TimeSource"),
          // and its restart test runs one engine after another on one file store, on virtual time
          "samples/calendar/src/test/java/io/argogeneric/samples/calendar/CatchUpOnDiskTest.java",
          Set.of(ENGINE + ".EventingEngine", ENGINE + ".TimeSource"),
          // the NATS store's tests open stores through the engine's --store parser, as a server
          // does, and run the same contract against the file store
          "store-nats/src/test/java/",
          Set.of(ENGINE + ".StateStores"),
          // benchmarks measure the engine's own paths
          "benchmarks/src/main/java/",
          Set.of(ENGINE + ".EventingEngine", ENGINE + ".config.ConfigBinder"));

  private static final Pattern ENGINE_NAME =
      Pattern.compile("io\\.argogeneric\\.sdk\\.internal(?:\\.[a-z]\\w*)*(?:\\.[A-Z]\\w*)?");
  private static final Pattern MARKDOWN_IMPORT =
      Pattern.compile("import\\s+(?:static\\s+)?(io\\.argogeneric\\.sdk\\.internal[\\w.]*)");

  @BeforeAll
  static void importClasses() {
    sdk =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.argogeneric.sdk");
  }

  @Test
  void thePublicPackagesDependOnNoEngineType() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.argogeneric.sdk", "io.argogeneric.sdk.config", "io.argogeneric.sdk.store")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ENGINE + "..")
        .because("the API reaches the engine only through EngineProvider (ServiceLoader)")
        .check(sdk);
  }

  @Test
  void theSdkPackagesFormNoCycle() {
    slices().matching("io.argogeneric.(**)").should().beFreeOfCycles().check(sdk);
  }

  @Test
  void theEngineIsFoundThroughTheSeam() {
    assertThat(EngineProvider.get().getClass().getName()).startsWith(ENGINE + ".");
  }

  /**
   * Source text, not bytecode, so that samples, the archetype's templates, docs and every module's
   * tests are covered without sdk-core depending on them.
   */
  @Test
  void nothingOutsideTheEngineNamesItUnlessListed() throws IOException {
    Path root = repositoryRoot();
    List<String> offences = new ArrayList<>();
    for (Path file : sources(root)) {
      String rel = root.relativize(file).toString().replace('\\', '/');
      boolean java = rel.endsWith(".java");
      if (skipped(rel)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = (java ? ENGINE_NAME : MARKDOWN_IMPORT).matcher(lines.get(i));
        while (m.find()) {
          String name = java ? m.group() : m.group(1);
          if (!allowed(rel, name)) {
            offences.add(rel + ":" + (i + 1) + ": " + name);
          }
        }
      }
    }
    assertThat(offences)
        .as(
            "code outside sdk-core's engine names engine types; use the public API (io.argogeneric.sdk,"
                + " io.argogeneric.sdk.config), or list the place in ArchitectureTest.ALLOWED with its reason")
        .isEmpty();
  }

  /** Every public type of the API says since when it exists: what japicmp then holds to. */
  @Test
  void everyPublicApiTypeHasSince() throws IOException {
    Path root = repositoryRoot();
    Pattern publicType =
        Pattern.compile(
            "^public [^\\n]*\\b(class|interface|enum|record|@interface) ", Pattern.MULTILINE);
    List<String> missing = new ArrayList<>();
    for (String dir :
        List.of(
            "sdk-core/src/main/java/io/argogeneric/sdk",
            "sdk-core/src/main/java/io/argogeneric/sdk/config",
            "sdk-core/src/main/java/io/argogeneric/sdk/store",
            "sdk-testkit/src/main/java/io/argogeneric/testkit")) {
      try (var files = Files.list(root.resolve(dir))) {
        for (Path f :
            (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
          String text = Files.readString(f, StandardCharsets.UTF_8);
          Matcher m = publicType.matcher(text);
          if (m.find() && !text.substring(0, m.start()).contains("@since")) {
            missing.add(root.relativize(f).toString());
          }
        }
      }
    }
    assertThat(missing).as("public API types without @since in their javadoc").isEmpty();
  }

  /**
   * The .java and .md files under {@code root}, leaving out build output and hidden directories.
   */
  private static List<Path> sources(Path root) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            return !dir.equals(root)
                    && (name.equals("target")
                        || name.startsWith(".")
                        || name.equals("node_modules"))
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            if (attrs.isRegularFile() && (name.endsWith(".java") || name.endsWith(".md"))) {
              found.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return found;
  }

  private static boolean skipped(String rel) {
    boolean engineModule = rel.startsWith("sdk-core/src/"); // the engine and its own tests...
    boolean docExamples =
        rel.startsWith(
            "sdk-core/src/test/java/io/argogeneric/docs/"); // ...but not the docs' examples
    return engineModule && !docExamples;
  }

  private static boolean allowed(String rel, String name) {
    return ALLOWED.entrySet().stream()
        .anyMatch(
            e ->
                (e.getKey().endsWith("/") ? rel.startsWith(e.getKey()) : rel.equals(e.getKey()))
                    && e.getValue().contains(name));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    while (dir != null
        && !(Files.isDirectory(dir.resolve("sdk-core"))
            && Files.isRegularFile(dir.resolve("pom.xml")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root above %s", System.getProperty("user.dir")).isNotNull();
    return dir;
  }
}
