package io.argogeneric.sdk.internal.runtime;

import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT start a graceful shutdown after which the process exits 0, as Kubernetes
 * expects of a pod it stops. A JVM shutdown hook could not do that (the JVM would exit 143), so the
 * signals are handled directly where the JDK allows it, with a shutdown hook as the fallback.
 */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable action) {
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
      }
    } catch (Throwable t) { // no signal support on this JVM or platform
      LoggerFactory.getLogger(Signals.class).warn("cannot handle signals ({}); using a shutdown hook", t.toString());
      Runtime.getRuntime().addShutdownHook(new Thread(action, "eventsource-shutdown"));
    }
  }
}
