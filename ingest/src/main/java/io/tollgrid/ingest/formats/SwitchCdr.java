package io.tollgrid.ingest.formats;

import java.time.Instant;

/**
 * One finished call as a switch reported it, before rating.
 *
 * @param callId          the switch's call id (Asterisk uniqueid, FreeSWITCH uuid), or null when the format has none
 * @param account         the account code the switch wrote, or null when empty
 * @param answer          null when the call was never answered
 * @param durationSeconds from setup to end
 * @param billSeconds     from answer to end: what is rated
 * @param leg             which leg of the call this line is (an Asterisk sequence or an unanswered fork's
 *                        dstchannel, a FreeSWITCH B leg's own uuid), or null for the call's only or answered leg
 * @param answeredParty   who answered (Asterisk dstchannel, a FreeSWITCH B leg's number), or null
 * @param aLegCallId      for a FreeSWITCH B leg, the uuid of its A leg (it is then never billed on its own); else null
 * @param sourceTrunk     the trunk or device the call came in on (an Asterisk channel's peer, a Yeastar source trunk),
 *                        or null; which of the two trunks the CDR keeps is decided with its direction (docs/cdr-files.md,
 *                        "Trunks")
 * @param destinationTrunk the trunk or device it went out on (an Asterisk dstchannel's peer, a Yeastar destination trunk,
 *                        a FreeSWITCH gateway), or null
 * @param cause           why it ended, a Q.850 cause value ({@code io.tollgrid.history.HangupCause}), 0 when not said
 */
public record SwitchCdr(String callId, String account, String caller, String callee, Instant start, Instant answer,
                        Instant end, long durationSeconds, long billSeconds, Disposition disposition, String leg,
                        String answeredParty, String aLegCallId, String sourceTrunk, String destinationTrunk,
                        int cause) {
    /** Calls reported as lasting longer than a day are taken as a switch's error, not billed. */
    public static final long MAX_DURATION_SECONDS = 86_400;

    public SwitchCdr {
        if (caller == null || callee == null || start == null || end == null || disposition == null) {
            throw new IllegalArgumentException("caller, callee, start, end and disposition are required");
        }
        if (durationSeconds < 0 || billSeconds < 0 || billSeconds > durationSeconds) {
            throw new IllegalArgumentException("durations must satisfy 0 <= billsec <= duration");
        }
        leg = emptyToNull(leg);
        answeredParty = emptyToNull(answeredParty);
        aLegCallId = emptyToNull(aLegCallId);
        sourceTrunk = emptyToNull(sourceTrunk);
        destinationTrunk = emptyToNull(destinationTrunk);
        if (!io.tollgrid.history.HangupCause.isValid(cause)) {
            throw new IllegalArgumentException("a cause is 0 or a Q.850 value, 1 to 127: " + cause);
        }
    }

    /** This CDR as one leg of a call of several. */
    public SwitchCdr withLeg(String leg, String answeredParty, String aLegCallId) {
        return new SwitchCdr(callId, account, caller, callee, start, answer, end, durationSeconds, billSeconds,
                disposition, leg, answeredParty, aLegCallId, sourceTrunk, destinationTrunk, cause);
    }

    /** This CDR with why the call ended (a Q.850 value, 0 for none). */
    public SwitchCdr withCause(int q850) {
        return new SwitchCdr(callId, account, caller, callee, start, answer, end, durationSeconds, billSeconds,
                disposition, leg, answeredParty, aLegCallId, sourceTrunk, destinationTrunk, q850);
    }

    /** This CDR with the trunks (or devices) it came in and went out on; null for one not known. */
    public SwitchCdr withTrunks(String cameInOn, String wentOutOn) {
        return new SwitchCdr(callId, account, caller, callee, start, answer, end, durationSeconds, billSeconds,
                disposition, leg, answeredParty, aLegCallId, cameInOn, wentOutOn, cause);
    }

    /** A B leg: kept as a row under its A leg's call id, never billed on its own. */
    public boolean isBLeg() {
        return aLegCallId != null;
    }

    /**
     * Validates what every format shares and builds the CDR, or rejects it: durations in range, end not
     * before start, answer within the call.
     */
    public static SwitchCdr checked(String callId, String account, String caller, String callee, Instant start,
                                    Instant answer, Instant end, long durationSeconds, long billSeconds,
                                    Disposition disposition) throws RejectedLine {
        if (end.isBefore(start)) {
            throw new RejectedLine(RejectReason.INCONSISTENT_TIMES, "end " + end + " is before start " + start);
        }
        if (durationSeconds < 0 || billSeconds < 0) {
            throw new RejectedLine(RejectReason.NEGATIVE_DURATION,
                    "duration " + durationSeconds + " s and billsec " + billSeconds + " s must not be negative");
        }
        if (durationSeconds > MAX_DURATION_SECONDS || billSeconds > MAX_DURATION_SECONDS) {
            throw new RejectedLine(RejectReason.ABSURD_DURATION,
                    "duration " + durationSeconds + " s is longer than " + MAX_DURATION_SECONDS + " s");
        }
        if (billSeconds > durationSeconds) {
            throw new RejectedLine(RejectReason.NEGATIVE_DURATION,
                    "billsec " + billSeconds + " s is longer than the duration " + durationSeconds + " s");
        }
        if (answer != null && (answer.isBefore(start) || answer.isAfter(end))) {
            throw new RejectedLine(RejectReason.INCONSISTENT_TIMES, "answer " + answer + " is outside " + start + ".." + end);
        }
        if (callee.isEmpty()) {
            throw new RejectedLine(RejectReason.MISSING_FIELD, "the dialled number is empty");
        }
        return new SwitchCdr(emptyToNull(callId), emptyToNull(account), caller, callee, start, answer, end,
                durationSeconds, billSeconds, disposition, null, null, null, null, null, 0);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
