package io.argogeneric.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this process and, on Linux, of another one by its PID. */
final class ProcessCpu {
  /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every mainstream Linux. */
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  static double ownSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** utime + stime of {@code pid}, in seconds. */
  static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) may hold spaces and parentheses: count from the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long utime = Long.parseLong(fields[11]); // field 14
      long stime = Long.parseLong(fields[12]); // field 15
      return (utime + stime) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the CPU time of process " + pid + ": " + e.getMessage(), e);
    }
  }
}
