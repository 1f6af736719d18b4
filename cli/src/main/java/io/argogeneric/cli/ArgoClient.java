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

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Command-line client that behaves like Argo Events' generic eventsource client. Run {@code java
 * -jar argo-client.jar --help} for the flags; README.md has the details.
 */
public final class ArgoClient {

  /** Exit code for a bad command line. */
  public static final int EXIT_USAGE = 2;

  private ArgoClient() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the client in this thread until {@code --count} or {@code --duration} ends it (forever
   * without them).
   *
   * @param out receives one JSON line per event
   * @param err receives diagnostics
   * @return the exit code: 0 done, 1 {@code --count} not reached or stdout failed, 2 bad command
   *     line
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ClientOptions options = new ClientOptions();
    CommandLine commandLine = new CommandLine(options);
    Settings settings;
    try {
      commandLine.parseArgs(args);
      if (commandLine.isUsageHelpRequested()) {
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        commandLine.usage(writer);
        writer.flush();
        return 0;
      }
      settings = options.toSettings(commandLine);
    } catch (CommandLine.ParameterException e) {
      err.println("argo-client: " + ClientOptions.oneLine(e) + " (see --help)");
      err.flush();
      return EXIT_USAGE;
    }
    return new EventStreamLoop(settings, out, err).run();
  }
}
