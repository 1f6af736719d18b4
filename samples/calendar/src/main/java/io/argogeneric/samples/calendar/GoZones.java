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
package io.argogeneric.samples.calendar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Time zone names as Go's {@code time.LoadLocation} resolves them: {@code ""} and {@code UTC} are
 * UTC, {@code Local} is the process's zone, and any other name is a file of the system's zoneinfo
 * database ({@code $ZONEINFO}, then {@code /usr/share/zoneinfo}, ...), such as {@code EST}, {@code
 * posix/Europe/Berlin} or {@code ROC}, whether or not Java has an ID of that name. A name Java
 * lacks gets the rules of a fixed-offset file ({@code EST}, {@code MST}, {@code HST}) or of the
 * zone whose file is byte for byte the same, through a {@link ZoneRulesProvider}, so that the zone
 * keeps its name (and {@link GoTime} its abbreviations). Without any zoneinfo directory, Java's own
 * zone IDs are used.
 */
final class GoZones {
  private static final String[] DIRS = {
    "/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"
  };

  private GoZones() {}

  /**
   * The zone Go would load for {@code name}.
   *
   * @throws IllegalArgumentException naming the value when Go would not load it, or when Java has
   *     no rules for a file Go reads (a zone newer than this JDK, or a {@code right/} zone)
   */
  static ZoneId load(String name) {
    if (name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      return ZoneId.systemDefault();
    }
    if (name.contains("..") || name.startsWith("/") || name.startsWith("\\")) {
      throw unknown(name);
    }
    List<Path> dirs = dirs();
    if (dirs.isEmpty()) {
      if (ZoneId.getAvailableZoneIds().contains(name)) {
        return ZoneId.of(name);
      }
      throw unknown(name);
    }
    Optional<Path> file =
        dirs.stream().map(d -> d.resolve(name)).filter(GoZones::isTzif).findFirst();
    if (file.isEmpty()) {
      throw unknown(name); // Java may know it (SystemV/EST5), Go does not
    }
    if (ZoneId.getAvailableZoneIds().contains(name) || Extra.register(name, file.get())) {
      return ZoneId.of(name);
    }
    throw new IllegalArgumentException(
        "time zone '"
            + name
            + "' is in "
            + file.get().getParent()
            + " but this Java runtime has no rules for it (a zone newer than its time zone data, or leap-second time)");
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown time zone '" + name + "'");
  }

  /** Where Go looks, in its order: {@code $ZONEINFO}, then the platform directories that exist. */
  static List<Path> dirs() {
    List<Path> dirs = new ArrayList<>();
    String env = System.getenv("ZONEINFO");
    if (env != null && !env.isEmpty()) {
      dirs.add(Path.of(env));
    }
    for (String d : DIRS) {
      dirs.add(Path.of(d));
    }
    dirs.removeIf(d -> !Files.isDirectory(d));
    return dirs;
  }

  private static boolean isTzif(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) < 44) {
        return false;
      }
      byte[] head = new byte[4];
      try (var in = Files.newInputStream(file)) {
        return in.read(head) == 4
            && Arrays.equals(head, "TZif".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Rules for a zoneinfo file Java has no ID for, registered under the file's name: the rules of
   * the Java zone whose file it is (through links) or whose bytes it repeats, or a fixed offset.
   * One provider per name, each name once; names are bounded by the files in the zoneinfo
   * directory.
   */
  private static final class Extra extends ZoneRulesProvider {
    private static final Map<String, Boolean> REGISTERED = new HashMap<>();
    private static Map<ByteBuffer, String> knownByContent;
    private final String id;
    private final ZoneRules rules;

    private Extra(String id, ZoneRules rules) {
      this.id = id;
      this.rules = rules;
    }

    static synchronized boolean register(String name, Path file) {
      return REGISTERED.computeIfAbsent(
          name,
          n -> {
            Optional<ZoneRules> rules = rulesOf(file);
            try {
              rules.ifPresent(r -> ZoneRulesProvider.registerProvider(new Extra(n, r)));
            } catch (java.time.zone.ZoneRulesException e) {
              return ZoneId.getAvailableZoneIds()
                  .contains(n); // registered meanwhile by someone else
            }
            return rules.isPresent();
          });
    }

    private static Optional<ZoneRules> rulesOf(Path file) {
      try {
        Set<String> known = ZoneId.getAvailableZoneIds();
        Path real = file.toRealPath();
        for (Path dir : dirs()) {
          Path root = dir.toRealPath();
          if (real.startsWith(root) && known.contains(root.relativize(real).toString())) {
            return Optional.of(ZoneId.of(root.relativize(real).toString()).getRules());
          }
        }
        byte[] bytes = Files.readAllBytes(file);
        String twin = knownByContent().get(ByteBuffer.wrap(bytes));
        if (twin != null) {
          return Optional.of(ZoneId.of(twin).getRules());
        }
        return fixedOffset(bytes).map(ZoneRules::of);
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    private static Map<ByteBuffer, String> knownByContent() {
      if (knownByContent == null) {
        knownByContent = new HashMap<>();
        Path root = dirs().get(0);
        for (String id : ZoneId.getAvailableZoneIds()) {
          Path p = root.resolve(id);
          try {
            if (isTzif(p)) {
              knownByContent.putIfAbsent(ByteBuffer.wrap(Files.readAllBytes(p)), id);
            }
          } catch (IOException | RuntimeException e) {
            // a file we cannot read is no twin
          }
        }
      }
      return knownByContent;
    }

    @Override
    protected Set<String> provideZoneIds() {
      return Set.of(id);
    }

    @Override
    protected ZoneRules provideRules(String zoneId, boolean forCaching) {
      return rules;
    }

    @Override
    protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
      return new TreeMap<>(Map.of("go", rules));
    }

    /**
     * The offset of a TZif file with no transitions and one local time type (EST, MST, HST,
     * Factory).
     */
    private static Optional<ZoneOffset> fixedOffset(byte[] tzif) {
      ByteBuffer b = ByteBuffer.wrap(tzif);
      int header = 0;
      if (tzif[4] >= '2') {
        // the 64-bit block that follows the version 1 block is the one Go reads
        header =
            44
                + b.getInt(20)
                + b.getInt(24)
                + b.getInt(28) * 8
                + b.getInt(32) * 5
                + b.getInt(36) * 6
                + b.getInt(40);
        if (tzif.length < header + 44) {
          return Optional.empty();
        }
      }
      int timecnt = b.getInt(header + 32);
      int typecnt = b.getInt(header + 36);
      if (timecnt != 0 || typecnt != 1) {
        return Optional.empty();
      }
      int offset = b.getInt(header + 44);
      return Math.abs(offset) < 18 * 3600
          ? Optional.of(ZoneOffset.ofTotalSeconds(offset))
          : Optional.empty();
    }
  }
}
