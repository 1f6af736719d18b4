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
package io.argogeneric.sdk.internal.runtime;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT start a graceful shutdown after which the process exits 0, as Kubernetes
 * expects of a pod it stops. A JVM shutdown hook could not do that (the JVM would exit 143), so the
 * signals are handled directly where the JDK allows it, with a shutdown hook as the fallback.
 * {@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection, so that the build
 * stays free of "internal proprietary API" warnings.
 */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object proxy =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handler},
              (self, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      action.run();
                      yield null;
                    }
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "eventsource-termination-handler";
                  });
      Method handle = signal.getMethod("handle", signal, handler);
      for (String name : new String[] {"TERM", "INT"}) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
      }
    } catch (ReflectiveOperationException
        | RuntimeException
        | LinkageError e) { // no signal support here
      LoggerFactory.getLogger(Signals.class)
          .warn("cannot handle signals ({}); using a shutdown hook", e.toString());
      Runtime.getRuntime().addShutdownHook(new Thread(action, "eventsource-shutdown"));
    }
  }
}
