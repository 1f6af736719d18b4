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
