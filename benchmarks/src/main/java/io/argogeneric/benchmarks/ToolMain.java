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
package io.argogeneric.benchmarks;

import java.util.function.Function;

/** What the command-line tools of this module share: flag errors, and numbers in summary lines. */
final class ToolMain {
  private ToolMain() {}

  /** {@code parse(args)}, or a one-line error on stderr and exit code 2 for a bad flag. */
  static <O> O parseOrExit(String[] args, Function<String[], O> parse) {
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      throw e; // not reached
    }
  }

  /** {@code 1000} for 1000.0, {@code 0.5} for 0.5: a summary line shows a rate as it was given. */
  static String plainNumber(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
