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

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Maven Central's rules for a staged bundle: a directory in repository layout holding what a
 * release uploads (the layout of the bundle Central's publishing plugin zips). Returns every broken
 * rule as a sentence, so one run lists them all. The rules are Central's published requirements:
 * coordinates that match the path, a pom with name, description, url, license, developer and scm
 * (inherited from a parent that is in the bundle too), sources and javadoc jars beside every jar,
 * MD5 and SHA-1 files that match, a CycloneDX SBOM (json and xml) beside every jar, and gpg
 * signatures in a real release.
 */
final class BundleCheck {
  static final String GROUP = "io.argogeneric";

  /**
   * What a release publishes; anything else in the group's directory is a module that should not
   * be.
   */
  static final Map<String, String> PUBLISHED =
      Map.of(
          "argo-generic-parent", "pom",
          "argo-generic-bom", "pom",
          "generic-proto", "jar",
          "sdk-core", "jar",
          "sdk-testkit", "jar",
          "store-nats", "jar",
          "eventsource-archetype", "maven-archetype");

  private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");

  private final Path root;
  private final String version;
  private final boolean signed;
  private final boolean sboms;
  private final List<String> problems = new ArrayList<>();

  /**
   * @param signed a real release: the version must not be a -SNAPSHOT and every file needs a .asc
   * @param sboms whether each jar must come with its CycloneDX SBOM (json and xml)
   */
  BundleCheck(Path root, String version, boolean signed, boolean sboms) {
    this.root = root;
    this.version = version;
    this.signed = signed;
    this.sboms = sboms;
  }

  List<String> check() throws Exception {
    if (!SEMVER.matcher(version).matches()) {
      problems.add(
          "version " + version + " is not a semantic version (MAJOR.MINOR.PATCH[-suffix])");
    }
    if (signed && version.endsWith("-SNAPSHOT")) {
      problems.add(
          "version " + version + " is a -SNAPSHOT: Central publishes only release versions");
    }
    Path group = root.resolve(GROUP.replace('.', '/'));
    if (!Files.isDirectory(group)) {
      problems.add("nothing staged under " + group + ": run mvn install from the repository root");
      return problems;
    }
    try (Stream<Path> dirs = Files.list(group)) {
      dirs.map(d -> d.getFileName().toString())
          .filter(Predicate.not(PUBLISHED::containsKey))
          .sorted()
          .forEach(
              a ->
                  problems.add(
                      a
                          + " is staged but is not a published module (set publish.skip in its pom)"));
    }
    for (var e : new java.util.TreeMap<>(PUBLISHED).entrySet()) {
      checkComponent(e.getKey(), e.getValue());
    }
    return problems;
  }

  private void checkComponent(String artifactId, String packaging) throws Exception {
    Path dir = root.resolve(GROUP.replace('.', '/')).resolve(artifactId).resolve(version);
    if (!Files.isDirectory(dir)) {
      problems.add(artifactId + " " + version + " is not staged (" + dir + ")");
      return;
    }
    Map<String, String> names = fileNames(artifactId, dir);
    Path pom = dir.resolve(names.getOrDefault(":pom", artifactId + "-" + version + ".pom"));
    if (!checkFile(artifactId, "pom", pom)) {
      return;
    }
    checkPom(artifactId, packaging, pom);
    if (packaging.equals("pom")) {
      return;
    }
    boolean archetype = packaging.equals("maven-archetype");
    Map<String, String> jars = new java.util.LinkedHashMap<>();
    jars.put(":jar", archetype ? "META-INF/maven/archetype-metadata.xml" : ".class");
    jars.put("sources:jar", archetype ? "archetype-resources/pom.xml" : ".java");
    jars.put("javadoc:jar", archetype ? "README.txt" : "index.html");
    for (var j : jars.entrySet()) {
      Path jar = dir.resolve(names.getOrDefault(j.getKey(), defaultName(artifactId, j.getKey())));
      if (checkFile(artifactId, j.getKey(), jar)) {
        checkJarHolds(artifactId, j.getKey(), jar, j.getValue());
      }
    }
    for (String sbom : sboms ? List.of("cyclonedx:json", "cyclonedx:xml") : List.<String>of()) {
      checkFile(
          artifactId, sbom, dir.resolve(names.getOrDefault(sbom, defaultName(artifactId, sbom))));
    }
  }

  private String defaultName(String artifactId, String classifierAndExtension) {
    String[] ce = classifierAndExtension.split(":");
    return artifactId + "-" + version + (ce[0].isEmpty() ? "" : "-" + ce[0]) + "." + ce[1];
  }

  /**
   * "classifier:extension" to file name. A release version names files after itself; a snapshot
   * deployed to a directory names them after its timestamp, which maven-metadata.xml lists. All of
   * one snapshot's files must carry the same timestamp: an older one is a file the latest build did
   * not stage.
   */
  private Map<String, String> fileNames(String artifactId, Path dir) throws Exception {
    Map<String, String> names = new HashMap<>();
    Path metadata = dir.resolve("maven-metadata.xml");
    if (!version.endsWith("-SNAPSHOT") || !Files.exists(metadata)) {
      return names;
    }
    Set<String> stamps = new TreeSet<>();
    Document doc = parse(metadata);
    var list = doc.getElementsByTagName("snapshotVersion");
    for (int i = 0; i < list.getLength(); i++) {
      Element sv = (Element) list.item(i);
      String classifier = text(sv, "classifier");
      String extension = text(sv, "extension");
      String value = text(sv, "value");
      stamps.add(value);
      names.put(
          (classifier == null ? "" : classifier) + ":" + extension,
          artifactId
              + "-"
              + value
              + (classifier == null ? "" : "-" + classifier)
              + "."
              + extension);
    }
    if (stamps.size() > 1) {
      problems.add(
          artifactId
              + ": files from different builds are staged "
              + stamps
              + " (a file the latest build did not produce?)");
    }
    return names;
  }

  /** The file is there, not empty, with matching .md5 and .sha1, and a .asc when signed. */
  private boolean checkFile(String artifactId, String what, Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      problems.add(artifactId + ": " + what + " is missing or empty (" + file.getFileName() + ")");
      return false;
    }
    for (String algorithm : List.of("MD5", "SHA-1")) {
      Path sum =
          file.resolveSibling(file.getFileName() + "." + algorithm.replace("-", "").toLowerCase());
      String expected = digest(file, algorithm);
      if (!Files.exists(sum)) {
        problems.add(artifactId + ": " + sum.getFileName() + " is missing");
      } else if (!Files.readString(sum).strip().split("\\s+")[0].equalsIgnoreCase(expected)) {
        problems.add(
            artifactId
                + ": "
                + sum.getFileName()
                + " does not match the file ("
                + algorithm
                + " "
                + expected
                + ")");
      }
    }
    if (signed && !Files.exists(file.resolveSibling(file.getFileName() + ".asc"))) {
      problems.add(artifactId + ": " + file.getFileName() + ".asc (its gpg signature) is missing");
    }
    return true;
  }

  private void checkJarHolds(String artifactId, String what, Path jar, String entry) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      boolean found =
          zip.stream()
              .anyMatch(
                  e ->
                      entry.startsWith(".")
                          ? e.getName().endsWith(entry)
                          : e.getName().equals(entry));
      if (!found) {
        problems.add(
            artifactId
                + ": "
                + what
                + " "
                + jar.getFileName()
                + " holds no "
                + entry
                + (what.startsWith("javadoc") ? " (did javadoc run?)" : ""));
      }
    } catch (IOException e) {
      problems.add(
          artifactId
              + ": "
              + what
              + " "
              + jar.getFileName()
              + " is not a readable jar: "
              + e.getMessage());
    }
  }

  private void checkPom(String artifactId, String packaging, Path pom) throws Exception {
    Element project = parse(pom).getDocumentElement();
    Element parent = child(project, "parent");
    String groupId =
        firstNonNull(text(project, "groupId"), parent == null ? null : text(parent, "groupId"));
    String pomVersion =
        firstNonNull(text(project, "version"), parent == null ? null : text(parent, "version"));
    if (!GROUP.equals(groupId)
        || !artifactId.equals(text(project, "artifactId"))
        || !version.equals(pomVersion)) {
      problems.add(
          artifactId
              + ": the pom says "
              + groupId
              + ":"
              + text(project, "artifactId")
              + ":"
              + pomVersion
              + ", its path "
              + GROUP
              + ":"
              + artifactId
              + ":"
              + version);
    }
    String declared = firstNonNull(text(project, "packaging"), "jar");
    if (!declared.equals(packaging)) {
      problems.add(artifactId + ": packaging " + declared + ", expected " + packaging);
    }
    for (String own : List.of("name", "description")) {
      if (blank(text(project, own))) {
        problems.add(artifactId + ": the pom has no <" + own + ">");
      }
    }
    List<Element> chain = new ArrayList<>(List.of(project));
    for (Element p = parent; p != null; ) {
      if (!GROUP.equals(text(p, "groupId"))) {
        break; // a parent outside the bundle is already on Central
      }
      Path parentPom =
          root.resolve(GROUP.replace('.', '/'))
              .resolve(text(p, "artifactId"))
              .resolve(text(p, "version"));
      Path file =
          parentPom.resolve(
              fileNames(text(p, "artifactId"), parentPom)
                  .getOrDefault(":pom", text(p, "artifactId") + "-" + text(p, "version") + ".pom"));
      if (!Files.exists(file)) {
        problems.add(
            artifactId
                + ": its parent "
                + text(p, "artifactId")
                + " "
                + text(p, "version")
                + " is not in the bundle");
        break;
      }
      Element e = parse(file).getDocumentElement();
      chain.add(e);
      p = child(e, "parent");
    }
    require(artifactId, chain, "url", e -> !blank(text(e, "url")));
    require(
        artifactId,
        chain,
        "licenses (a license with name and url)",
        e ->
            child(e, "licenses") != null
                && children(child(e, "licenses"), "license").stream()
                    .anyMatch(l -> !blank(text(l, "name")) && !blank(text(l, "url"))));
    require(
        artifactId,
        chain,
        "developers (a developer with a name)",
        e ->
            child(e, "developers") != null
                && children(child(e, "developers"), "developer").stream()
                    .anyMatch(d -> !blank(text(d, "name"))));
    require(
        artifactId,
        chain,
        "scm (connection and url)",
        e ->
            child(e, "scm") != null
                && !blank(text(child(e, "scm"), "connection"))
                && !blank(text(child(e, "scm"), "url")));
  }

  /** Maven inherits each of these whole: the nearest pom that has the element decides. */
  private void require(String artifactId, List<Element> chain, String what, Predicate<Element> ok) {
    String tag = what.split(" ")[0];
    for (Element e : chain) {
      if (child(e, tag) != null) {
        if (!ok.test(e)) {
          problems.add(
              artifactId
                  + ": incomplete <"
                  + tag
                  + "> in "
                  + text(e, "artifactId")
                  + "'s pom: needs "
                  + what);
        }
        return;
      }
    }
    problems.add(
        artifactId + ": no <" + tag + "> in its pom or its parents': Central needs " + what);
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    Element e = child(parent, tag);
    return e == null ? null : e.getTextContent().strip();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank() || s.contains("${");
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  static String digest(Path file, String algorithm) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
