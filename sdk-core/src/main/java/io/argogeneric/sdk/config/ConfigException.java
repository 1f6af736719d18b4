package io.argogeneric.sdk.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot be used. Its message lists each problem as {@code path: reason}, separated
 * by {@code "; "}; it is what the client receives as the {@code INVALID_ARGUMENT} description, so it
 * never quotes secrets and stays short (gRPC carries it in a trailer).
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_MESSAGE_CHARS = 1000;

  /**
   * One problem.
   *
   * @param path the field, e.g. {@code schedules[1].timezone}; empty for the config as a whole
   * @param message what is wrong with it
   */
  public record Problem(String path, String message) {
    @Override
    public String toString() {
      return path.isEmpty() ? "config: " + message : path + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  /** A config exception listing {@code problems}, at least one. */
  public ConfigException(List<Problem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** A config exception with one problem. */
  public static ConfigException of(String path, String message) {
    return new ConfigException(List.of(new Problem(path, message)));
  }

  /** Every problem, in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    String text = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
  }
}
