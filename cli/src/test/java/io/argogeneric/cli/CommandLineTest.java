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
package io.argogeneric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad command line ends with exit code 2 and one line on stderr, before any dial. */
class CommandLineTest {

  private static final List<String> VALID =
      List.of("--url", "127.0.0.1:1", "--name", "e", "--config", "c");

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of(List.of("--name", "e", "--config", "c"), "--url HOST:PORT is required"),
        Arguments.of(List.of("--url", "127.0.0.1:1", "--config", "c"), "--name is required"),
        Arguments.of(
            List.of("--url", "127.0.0.1:1", "--name", "", "--config", "c"), "--name is required"),
        Arguments.of(
            List.of("--url", "127.0.0.1:1", "--name", "e"),
            "--config TEXT or --config-file FILE is required"),
        Arguments.of(
            List.of("--url", "127.0.0.1:1", "--name", "e", "--config", ""),
            "the config must not be empty"),
        Arguments.of(
            List.of("--url", "127.0.0.1:1", "--name", "e", "--config-file", "/no/such/config"),
            "--config-file: cannot read /no/such/config (no such file)"),
        Arguments.of(with("--config-file", "pom.xml"), "give --config or --config-file, not both"),
        Arguments.of(
            with("--token", "a", "--token-file", "pom.xml"),
            "give --token or --token-file, not both"),
        Arguments.of(
            with("--token", "line\nbreak"),
            "--token: the token has a character that a gRPC header cannot carry"),
        Arguments.of(with("--token", ""), "--token: the token is empty"),
        Arguments.of(with("--token-file", "/no/such/token"), "--token-file: no such file"),
        Arguments.of(with("--ca-file", "pom.xml"), "--ca-file needs --tls"),
        Arguments.of(
            with("--tls", "--ca-file", "pom.xml"), "--ca-file pom.xml: not a PEM certificate"),
        Arguments.of(
            with("--tls", "--ca-file", "/no/such/ca.pem"),
            "--ca-file: cannot read /no/such/ca.pem"),
        Arguments.of(with("--authority", " "), "--authority must not be empty"),
        Arguments.of(with("--retry", "5x"), "time: unknown unit \"x\" in duration \"5x\""),
        Arguments.of(with("--retry", "5"), "time: missing unit in duration \"5\""),
        Arguments.of(with("--retry", "0"), "--retry must be positive, got 0"),
        Arguments.of(with("--retry", "-1s"), "--retry must be positive, got -1s"),
        Arguments.of(with("--duration", "0s"), "--duration must be positive, got 0s"),
        Arguments.of(with("--duration", "soon"), "time: invalid duration \"soon\""),
        Arguments.of(with("--count", "0"), "--count must be at least 1, got 0"),
        Arguments.of(with("--count", "many"), "'many' is not an int"),
        Arguments.of(
            with("--metadata", "novalue"),
            "--metadata expects KEY=VALUE with a non-empty KEY, got 'novalue'"),
        Arguments.of(
            with("--metadata", "=v"),
            "--metadata expects KEY=VALUE with a non-empty KEY, got '=v'"),
        Arguments.of(
            with("--metadata", "k=1", "--metadata", "k=2"), "--metadata key 'k' is given twice"),
        Arguments.of(with("--bogus"), "Unknown option: '--bogus'"),
        Arguments.of(with("stray"), "stray"));
  }

  private static List<String> with(String... more) {
    List<String> args = new ArrayList<>(VALID);
    args.addAll(List.of(more));
    return args;
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badCommandLines")
  void aBadCommandLineExitsTwoWithOneLine(List<String> args, String expectedMessage) {
    ClientRun run = ClientRun.finish(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line)
                  .startsWith("argo-client: ")
                  .contains(expectedMessage)
                  .endsWith("(see --help)");
            });
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void helpPrintsTheFlagsTheExitCodesAndTheDifferencesFromArgo() {
    ClientRun run = ClientRun.finish("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains(
            "--url",
            "--name",
            "--config-file",
            "--token-file",
            "--tls",
            "--ca-file",
            "--authority",
            "--json-body",
            "--metadata",
            "--retry",
            "--count",
            "--duration",
            "default 5s",
            "Exit codes:",
            "Argo waits for its first 5 s tick");
    assertThat(run.stderr()).isEmpty();
  }
}
