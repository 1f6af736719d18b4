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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** CPU time of this process and, on Linux, of another one by its PID. */
final class ProcessCpu {
  /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every mainstream Linux. */
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  static double ownSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** utime + stime of {@code pid}, in seconds. */
  static double seconds(long pid) {
    try {
      return statSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read the CPU time of process " + pid + ": " + e.getMessage(), e);
    }
  }

  private static double statSeconds(String stat) {
    // the command name (field 2) may hold spaces and parentheses: count from the last ')'
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long utime = Long.parseLong(fields[11]); // field 14
    long stime = Long.parseLong(fields[12]); // field 15
    return (utime + stime) / CLOCK_TICKS_PER_SECOND;
  }

  /**
   * The CPU time of {@code pid} now, with that of its JIT compiler threads apart: on 2 shared cores
   * the JIT is still compiling tens of seconds into a run, and how much of that lands in a measured
   * window differs from one process to the next by more than the costs being compared.
   */
  static Snapshot snapshot(long pid) {
    double total = seconds(pid);
    Map<String, Double> jit = new HashMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          if (isCompiler(task)) {
            jit.put(task.getFileName().toString(), threadSeconds(task));
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended while we listed it: it is counted in the process total only
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list the threads of process " + pid + ": " + e.getMessage(), e);
    }
    return new Snapshot(total, jit);
  }

  private static boolean isCompiler(Path task) throws IOException {
    // HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"...; comm keeps 15 characters
    String name = Files.readString(task.resolve("comm")).strip();
    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
  }

  /** Nanosecond run time from schedstat where the kernel keeps it, else clock ticks from stat. */
  private static double threadSeconds(Path task) throws IOException {
    Path schedstat = task.resolve("schedstat");
    if (Files.isReadable(schedstat)) {
      return Long.parseLong(Files.readString(schedstat).trim().split("\\s+")[0]) / 1e9;
    }
    return statSeconds(Files.readString(task.resolve("stat")));
  }

  /** A process's CPU seconds at one moment: in all, and per JIT compiler thread (by thread id). */
  record Snapshot(double totalSeconds, Map<String, Double> jitSecondsByThread) {
    /** CPU seconds of the whole process since {@code earlier}. */
    double secondsSince(Snapshot earlier) {
      return totalSeconds - earlier.totalSeconds;
    }

    /**
     * CPU seconds of the JIT compiler threads since {@code earlier}, thread by thread; a compiler
     * thread that ended in between is left in the process total (so the JIT share is never
     * overstated).
     */
    double jitSecondsSince(Snapshot earlier) {
      double sum = 0;
      for (Map.Entry<String, Double> e : jitSecondsByThread.entrySet()) {
        sum += e.getValue() - earlier.jitSecondsByThread.getOrDefault(e.getKey(), 0.0);
      }
      return sum;
    }
  }
}
