package io.tollgrid.loadtests.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a number was taken on. Other agents share this box, so the load average is part of every
 * result: a number taken at load 3 on 2 cores is not the same number as one taken at load 0.2.
 *
 * @param cores     available processors
 * @param memoryMib total physical memory
 * @param jdk       java.vm.version of this JVM
 * @param loadAvg   the 1, 5 and 15 minute load averages from /proc/loadavg
 */
public record Machine(int cores, long memoryMib, String jdk, String loadAvg) {
    public static Machine now() {
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryMib(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), currentLoad());
    }

    private static long totalMemoryMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: leave it unknown
        }
        return -1;
    }

    public static String currentLoad() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return cores + " cores, " + memoryMib + " MiB, " + jdk + ", load average " + loadAvg;
    }
}
