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
package io.argogeneric.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.Emitter;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The kit's wrappers must hide nothing of the plugin from the engine: a hook of {@link
 * EventingServer} that {@link TrackedPlugin} does not forward runs the base class's default instead
 * of the plugin's (an outbox plugin tested without its outbox). These tests fail when the SDK gains
 * an overridable method that a wrapper neither overrides nor is known to route through {@code
 * this}.
 */
class TrackedForwardingTest {

  @Test
  void trackedPluginOverridesEveryHookOfEventingServer() {
    assertThat(notOverridden(EventingServer.class, TrackedPlugin.class, Set.of())).isEmpty();
  }

  /**
   * Convenience methods that call an abstract method on {@code this} (the wrapper's), so the
   * wrapper sees them without overriding them. Forwarding one of these to the real context would
   * bypass the wrapper: a polled or {@code emitJson} event would not be recorded.
   */
  private static final Set<String> CONTEXT_CONVENIENCE =
      Set.of(
          "shared(String,Class,Supplier)", // calls shared(key, type, opener, closer)
          "poll(Duration,Class,Poller)"); // calls poll(PollSchedule, ...)

  private static final Set<String> EMITTER_CONVENIENCE =
      Set.of(
          "emit(byte[])",
          "emitText(String)",
          "emitText(String,Object)",
          "emitJson(Object)",
          "emitJson(Object,Object)"); // each calls emit(payload, position)

  @Test
  void trackedContextOverridesEveryMethodOfStreamContextButItsConveniences() {
    assertThat(notOverridden(StreamContext.class, TrackedContext.class, CONTEXT_CONVENIENCE))
        .isEmpty();
  }

  @Test
  void recordingEmitterOverridesEveryMethodOfEmitterButItsConveniences() {
    assertThat(
            notOverridden(
                Emitter.class, TrackedContext.RecordingEmitter.class, EMITTER_CONVENIENCE))
        .isEmpty();
  }

  @Test
  void theListsOfConveniencesNameRealMethods() {
    assertThat(signatures(StreamContext.class)).containsAll(CONTEXT_CONVENIENCE);
    assertThat(signatures(Emitter.class)).containsAll(EMITTER_CONVENIENCE);
  }

  /**
   * The overridable methods (public or protected, neither final nor static) that {@code base}
   * declares and {@code wrapper} does not, other than {@code routedThroughThis}.
   */
  private static List<String> notOverridden(
      Class<?> base, Class<?> wrapper, Set<String> routedThroughThis) {
    List<String> missing = new ArrayList<>();
    for (Method m : overridable(base)) {
      String signature = signature(m);
      if (routedThroughThis.contains(signature)) {
        continue;
      }
      try {
        wrapper.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(base.getSimpleName() + "." + signature);
      }
    }
    return missing;
  }

  private static List<Method> overridable(Class<?> base) {
    return Arrays.stream(base.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !m.isBridge())
        .filter(
            m -> {
              int mod = m.getModifiers();
              return (Modifier.isPublic(mod) || Modifier.isProtected(mod))
                  && !Modifier.isFinal(mod)
                  && !Modifier.isStatic(mod);
            })
        .collect(Collectors.toList());
  }

  private static Set<String> signatures(Class<?> base) {
    return overridable(base).stream()
        .map(TrackedForwardingTest::signature)
        .collect(Collectors.toSet());
  }

  private static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(",", "(", ")"));
  }
}
