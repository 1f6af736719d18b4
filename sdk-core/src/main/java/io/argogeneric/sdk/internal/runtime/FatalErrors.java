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

/**
 * Fail fast for the standalone server: a thread that dies of a {@link VirtualMachineError} (out of
 * memory, stack overflow, an internal JVM error) ends the process with exit code 3, as {@code
 * -XX:+ExitOnOutOfMemoryError} does, so that Kubernetes restarts the pod. Half a server is worse
 * than none: when an OutOfMemoryError killed the admin HTTP dispatcher, gRPC went on serving while
 * {@code /healthz}, {@code /readyz} and {@code /metrics} stayed dead and no probe could tell. Only
 * for the process the SDK owns; an embedder's JVM is left to its owner.
 */
final class FatalErrors {
  /** The exit code of {@code -XX:+ExitOnOutOfMemoryError}. */
  static final int EXIT_CODE = 3;

  private FatalErrors() {}

  static void exitOnFatalErrors() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (e instanceof VirtualMachineError) {
            try {
              // straight to stderr: with the heap exhausted, a logging framework may not manage
              System.err.println(
                  "FATAL thread "
                      + thread.getName()
                      + " died of "
                      + e
                      + "; exiting with code "
                      + EXIT_CODE
                      + " so that the server is restarted whole");
              System.err.flush();
            } finally {
              Runtime.getRuntime()
                  .halt(EXIT_CODE); // no shutdown hooks: they could hang in a broken JVM
            }
          }
          if (previous != null) {
            previous.uncaughtException(thread, e);
          } else {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            e.printStackTrace(System.err);
          }
        });
  }
}
