package io.tollgrid.ops.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * SIPp with the ops/sipp scenarios: a UAS playing the carrier behind the switch (or two carriers that fail some
 * destinations, for route failover), and a UAC that places one call
 * per planned call through Kamailio and logs what became of each (see ops/sipp/uac.xml).
 */
final class SippCalls {
    private SippCalls() {
    }

    /** One call as the UAC places it: the From user is the paying account. */
    record PlannedCall(String account, String callee, boolean cut, int talkMillis) {
        PlannedCall {
            if (talkMillis < 0 || account.contains(";") || callee.contains(";")) {
                throw new IllegalArgumentException("bad planned call " + account + " " + callee + " " + talkMillis);
            }
        }
    }

    /**
     * What the UAC saw: connected (hung up by itself, BYE, or by the switch, CUT) or rejected with a status line;
     * {@code lowBalance}: the connected call's 200 carried the switch's X-Tollgrid-Low-Balance header.
     */
    record Outcome(int callNumber, String callId, String account, boolean connected, String detail, boolean lowBalance) {
        int status() {
            String[] words = detail.split(" ");
            return connected ? 200 : Integer.parseInt(words[1]);
        }
    }

    /** @param unexpected how many times SIPp logged an unexpected message (the call aborted or went on) */
    record UacRun(int exitCode, Map<Integer, Outcome> outcomes, Duration elapsed, Path dir, String errors, int unexpected) {
    }

    static NativeProcess startUas(Path sipp, Path dir, int port) {
        return startScenario(sipp, dir, port, "uas", List.of());
    }

    /** One of the carriers of ops/sipp/carrier.xml ({@code a} or {@code b}), which fail some destinations. */
    static NativeProcess startCarrier(Path sipp, Path dir, int port, String carrier) {
        return startScenario(sipp, dir, port, "carrier", List.of("-set", "carrier", carrier));
    }

    private static NativeProcess startScenario(Path sipp, Path dir, int port, String scenario, List<String> extra) {
        String name = extra.isEmpty() ? scenario : scenario + "-" + extra.get(extra.size() - 1);
        List<String> command = new ArrayList<>(List.of(sipp.toString(),
                "-sf", SwitchTools.opsFile("sipp/" + scenario + ".xml").toString(),
                "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-nostdin", "-pause_msg_ign", "-buff_size", "4194304",
                "-trace_err", "-error_file", dir.resolve(name + "-errors.log").toString()));
        command.addAll(extra);
        return NativeProcess.start("sipp-" + name, command, dir, dir.resolve(name + ".out"));
    }

    /** Places every call at {@code rate} calls/s and waits for SIPp to finish (or {@code timeout}). */
    static UacRun runUac(Path sipp, Path dir, int localPort, int switchPort, String runId, List<PlannedCall> calls,
                         int rate, Duration timeout) {
        Path csv = dir.resolve(runId + "-calls.csv");
        Path log = dir.resolve(runId + "-calls.log");
        Path errors = dir.resolve(runId + "-errors.log");
        StringBuilder text = new StringBuilder("SEQUENTIAL\n");
        for (PlannedCall call : calls) {
            text.append(call.account()).append(';').append(call.callee()).append(';')
                    .append(call.cut() ? "cut" : "talk").append(';').append(call.talkMillis()).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(csv, text);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long started = System.nanoTime();
        OptionalInt exit;
        try (NativeProcess uac = NativeProcess.start("sipp-uac-" + runId, List.of(sipp.toString(),
                        "127.0.0.1:" + switchPort,
                        "-sf", SwitchTools.opsFile("sipp/uac.xml").toString(),
                        "-inf", csv.toString(),
                        "-i", "127.0.0.1", "-p", Integer.toString(localPort),
                        "-m", Integer.toString(calls.size()), "-r", Integer.toString(rate), "-rp", "1000",
                        "-l", "20000",
                        "-cid_str", "%u-%p-" + runId + "@%s",
                        "-nostdin", "-pause_msg_ign", "-buff_size", "4194304",
                        "-recv_timeout", "30000", "-timeout", Long.toString(timeout.toSeconds()), "-timeout_error",
                        "-trace_logs", "-log_file", log.toString(),
                        "-trace_err", "-error_file", errors.toString()),
                dir, dir.resolve(runId + "-uac.out"))) {
            exit = uac.waitFor(timeout.plusSeconds(15));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new UacRun(exit.orElse(-1000), outcomes(log), elapsed, dir, tail(errors, 20), unexpectedMessages(errors));
    }

    /** SIPp's "Aborting (or Continuing) call on unexpected message" entries in its -error_file. */
    private static int unexpectedMessages(Path errors) {
        if (!Files.isRegularFile(errors)) {
            return 0;
        }
        try (var lines = Files.lines(errors, StandardCharsets.ISO_8859_1)) {
            return (int) lines.filter(line -> line.contains("call on unexpected message")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Integer, Outcome> outcomes(Path log) {
        Map<Integer, Outcome> outcomes = new HashMap<>();
        if (!Files.isRegularFile(log)) {
            return outcomes;
        }
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                String[] words = line.trim().split(" ", 4);
                if (words.length < 4 || !(words[0].equals("CONNECTED") || words[0].equals("REJECTED"))) {
                    continue;
                }
                int number = Integer.parseInt(words[1].substring(0, words[1].indexOf('-')));
                boolean connected = words[0].equals("CONNECTED");
                String detail = connected ? words[3].split(" ", 2)[0] : words[3];
                boolean low = connected && words[3].contains("X-Tollgrid-Low-Balance: yes");
                Outcome outcome = new Outcome(number, words[1], words[2], connected, detail, low);
                if (outcomes.putIfAbsent(number, outcome) != null) {
                    throw new AssertionError("call " + number + " logged twice: " + line);
                }
            }
            return outcomes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            List<String> all = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
