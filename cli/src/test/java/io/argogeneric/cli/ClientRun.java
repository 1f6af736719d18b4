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

import io.argogeneric.testfixtures.Waits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One in-process run of the client on its own thread, with its stdout and stderr captured. */
final class ClientRun {

  private final ByteArrayOutputStream out =
      new ByteArrayOutputStream(); // synchronized, so safe to read while it runs
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> exitCode;

  private ClientRun(String... args) {
    PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    exitCode = CompletableFuture.supplyAsync(() -> ArgoClient.run(args, stdout, stderr));
  }

  static ClientRun start(String... args) {
    return new ClientRun(args);
  }

  /** Runs to the end; fails if it has not ended within 20 s. */
  static ClientRun finish(String... args) {
    ClientRun run = new ClientRun(args);
    run.exitCode();
    return run;
  }

  int exitCode() {
    try {
      return exitCode.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("client did not end within 20 s; stderr:\n" + stderr(), e);
    }
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  List<String> lines() {
    return stdout().lines().toList();
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Polls a condition that does not depend on a running client. */
  static void eventually(String what, BooleanSupplier condition) {
    Waits.until(what, condition);
  }

  /**
   * Polls until the condition holds while the client runs; fails with its output when it ends or
   * time runs out first.
   */
  void await(String what, BooleanSupplier condition) {
    Waits.until(
        what,
        Waits.DEFAULT,
        () -> {
          boolean ended =
              exitCode.isDone(); // read before the condition, so a last event is not missed
          if (condition.getAsBoolean()) {
            return true;
          }
          if (ended) {
            throw new AssertionError(
                "client ended (exit "
                    + exitCode.join()
                    + ") before "
                    + what
                    + "; stdout:\n"
                    + stdout()
                    + "\nstderr:\n"
                    + stderr());
          }
          return false;
        },
        () -> "stdout:\n" + stdout() + "\nstderr:\n" + stderr());
  }
}
