package io.tollgrid.loadtests.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU fields of one line of {@code /proc/<pid>/stat}, in clock ticks (see proc(5)).
 *
 * @param utime  user time of the process (all its threads, live and ended)
 * @param stime  system time of the process
 * @param cutime user time of the children it has waited for (exited and reaped), with their own reaped children
 * @param cstime system time of those children
 */
record ProcStat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {
    /**
     * Parses one stat line. The second field is the command name in parentheses and may itself hold spaces
     * and ')' characters, so the numeric fields are read from after the last ')'.
     */
    static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        long pid = Long.parseLong(line.substring(0, line.indexOf('(')).trim());
        // From field 3 (state) on; utime is field 14, so index 11 here.
        String[] f = line.substring(close + 1).trim().split("\\s+");
        return new ProcStat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]));
    }

    long ownTicks() {
        return utime + stime;
    }

    /** This process's time plus its reaped children's: what it has cost so far, less its live children. */
    long withReapedChildren() {
        return utime + stime + cutime + cstime;
    }

    /**
     * CPU ticks spent so far by {@code root} and everything it started: each live process of the tree counts
     * its own time and its reaped children's. A child that exited is then in its parent's cutime/cstime, and
     * a live one is counted itself, so no process is counted twice and none that came and went is lost
     * (PostgreSQL backends and autovacuum workers, reaped by the postmaster). Null if {@code root} is gone.
     * One snapshot of /proc is not atomic: a child that exits while it is walked can be missed or counted twice,
     * an error of at most that child's CPU. Orphans re-parented away from the tree are lost; PostgreSQL's are not.
     */
    static Long treeTicks(long root, Map<Long, ProcStat> processes) {
        ProcStat top = processes.get(root);
        if (top == null) {
            return null;
        }
        long ticks = top.withReapedChildren();
        for (ProcStat p : processes.values()) {
            if (p.pid != root && descends(p, root, processes)) {
                ticks += p.withReapedChildren();
            }
        }
        return ticks;
    }

    private static boolean descends(ProcStat p, long root, Map<Long, ProcStat> processes) {
        for (ProcStat at = p; at != null && at.ppid > 0; at = processes.get(at.ppid)) {
            if (at.ppid == root) {
                return true;
            }
        }
        return false;
    }

    /** Every process on the machine now; one that exits while /proc is walked is left out. */
    static Map<Long, ProcStat> all() {
        Map<Long, ProcStat> processes = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                try {
                    ProcStat stat = parse(Files.readString(dir.resolve("stat")));
                    processes.put(stat.pid, stat);
                } catch (IOException gone) {
                    // exited between the listing and the read
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc (CPU per flow needs Linux)", e);
        }
        return processes;
    }

    /** Clock ticks per second of the stat fields: {@code getconf CLK_TCK}, 100 on Linux if that fails. */
    static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
