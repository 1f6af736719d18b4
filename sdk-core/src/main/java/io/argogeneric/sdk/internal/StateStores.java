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

import io.argogeneric.sdk.store.StateStore;
import io.argogeneric.sdk.store.StateStoreProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** Opens the store a {@code --store} value names. */
public final class StateStores {
  /** {@code scheme:} as URIs start; a path such as {@code ./a:b} or {@code /x} is not one. */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):.*");

  private StateStores() {}

  /**
   * {@code memory}, {@code file:DIR} (or {@code file:///DIR}), a plain directory path, or a URI
   * whose scheme a {@link StateStoreProvider} on the class path opens.
   *
   * @param maxEnded for the memory store: identities whose runs ended that it remembers
   * @throws IllegalArgumentException when no store answers to {@code spec}
   * @throws IOException when the store cannot be opened
   */
  public static StateStore open(String spec, int maxEnded) throws IOException {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty() || s.equals("memory") || s.equals("memory:")) {
      return new MemoryStateStore(maxEnded);
    }
    var m = SCHEME.matcher(s);
    if (!m.matches()) {
      return new FileStateStore(Path.of(s));
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      String rest = s.substring(5);
      if (rest.startsWith("//")) {
        try {
          return new FileStateStore(Path.of(new URI(s)));
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new IllegalArgumentException("--store: not a file URI: " + s, e);
        }
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(
            "--store file: needs a directory, e.g. file:/var/lib/es");
      }
      return new FileStateStore(Path.of(rest));
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--store: not a URI: " + e.getMessage(), e);
    }
    List<String> known = new ArrayList<>(List.of("memory", "file"));
    for (StateStoreProvider p :
        ServiceLoader.load(StateStoreProvider.class, StateStores.class.getClassLoader())) {
      if (p.scheme().equalsIgnoreCase(scheme)) {
        return p.open(uri);
      }
      known.add(p.scheme());
    }
    throw new IllegalArgumentException(
        "--store: no store for scheme '"
            + scheme
            + "' (known: "
            + String.join(", ", known)
            + "; another one comes as a jar with a StateStoreProvider)");
  }
}
