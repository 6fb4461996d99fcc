package io.tollgrid.localcluster;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of every forked JVM: starts a daemon thread that ends this JVM when the parent process
 * is gone, then runs the real main class. A test run killed with -9, or a launcher closed hard,
 * therefore leaves no Cassandra or grid node behind.
 *
 * <p>Usage: {@code java -cp ... io.tollgrid.localcluster.ExitWithParent PARENT_PID MAIN_CLASS args...}
 */
public final class ExitWithParent {
    private ExitWithParent() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ExitWithParent PARENT_PID MAIN_CLASS [args...]");
        }
        long parentPid = Long.parseLong(args[0]);
        watchParent(parentPid);
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    private static void watchParent(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        Thread watcher = new Thread(() -> {
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("parent process " + parentPid + " is gone; exiting");
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
                Runtime.getRuntime().halt(3);
            }, "exit-with-parent-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(3);
        }, "exit-with-parent");
        watcher.setDaemon(true);
        watcher.start();
    }
}
