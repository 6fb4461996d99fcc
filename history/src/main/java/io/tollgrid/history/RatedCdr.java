package io.tollgrid.history;

import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One finished, rated call as history keeps it.
 *
 * @param startTime       when the call was set up (authorised); the clustering key within a day
 * @param answerTime      when it was answered, or null if it never was
 * @param endTime         when it ended
 * @param durationSeconds the answered (billable) duration the switch reported
 * @param billedSeconds   the duration after increments
 * @param disposition     ANSWERED, NO_ANSWER, ...
 * @param rateId          the rate (plan and entry) the call was priced with
 * @param source          where the CDR came from (gateway, asterisk-csv, ...)
 * @param raw             the original record exactly as received, kept for disputes and re-rating
 * @param leg             which leg of the switch's call this row is (an Asterisk sequence or dstchannel, a
 *                        FreeSWITCH B leg's uuid), or null for a call of one leg; already part of {@code callId}
 * @param answeredParty   who answered (Asterisk dstchannel, FreeSWITCH B leg number), or null when unknown
 * @param estimated       the switch's stop never came: the grid charged from answer to the reap, capped at the grant
 *                        (docs/charging.md, "A stop that never arrives"); a late stop rewrites the row with this false
 * @param carrierId       the carrier that connected the call, as the switch's stop named it (docs/routing.md), or null
 * @param buyCost         that carrier's cost of the call by its buy plan, or null (no carrier, or not rated by it)
 * @param margin          {@code cost - buyCost} (the sell cost is {@code cost}), or null without a buy cost
 * @param extension       the extension (subscriber, SIP user, PIN) that made the call, as the grid or the file knew it,
 *                        or null: reports total by it (docs/rollups.md)
 * @param department      the department the extension belonged to when the call ended, or null
 * @param direction       OUTBOUND or INBOUND as the switch's authorise said, or null when the source does not say
 * @param callType        LOCAL, NATIONAL, MOBILE, ... as the rate deck's call types classify the callee, or null (a
 *                        flat-rate plan, a feature code, a row written before call types were kept)
 * @param trunk           the PBX trunk the call used, from a file's channel names or trunk columns: the one it went out on
 *                        (outbound) or came in on (inbound, transit); null for an internal call, a source that names
 *                        none, and switch-API calls, whose outgoing trunk is {@code carrierId} (docs/cdr-files.md, "Trunks")
 * @param cause           why the call ended as a Q.850 cause value ({@link HangupCause}), 0 when the source did not say
 * @param pddMs           the post-dial delay the switch measured, in ms (the INVITE relayed to the first ringing or, with
 *                        none, final reply; docs/routing.md), 0 to {@link #MAX_PDD_MS}, or {@link #NO_PDD}
 */
public record RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                       Instant startTime, Instant answerTime, Instant endTime,
                       long durationSeconds, long billedSeconds, String disposition,
                       String rateId, Money cost, String currency, String source, String raw,
                       String leg, String answeredParty, boolean estimated, String carrierId, Money buyCost,
                       Money margin, String extension, String department, Direction direction, CallType callType,
                       String trunk, int cause, int pddMs)
        implements java.io.Serializable {
    /** The source of the CDRs of calls charged through the switch API: the grid's stop events. */
    public static final String SWITCH_API_SOURCE = "gateway";
    /** The rate id of a CDR that was not priced: an unanswered leg to a destination without a rate. */
    public static final String UNRATED = "unrated";
    /** The rate id of a FreeSWITCH B leg, priced on its A leg. */
    public static final String B_LEG = "b-leg";
    /** The rate id of an answered feature code kept at cost 0 ({@code feature.codes=free}). */
    public static final String FEATURE_CODE = "feature-code";

    /** A CDR whose source gave no post-dial delay. */
    public static final int NO_PDD = -1;
    /** The longest post-dial delay a CDR carries, in ms. */
    public static final int MAX_PDD_MS = 600_000;

    /** A CDR without a post-dial delay. */
    public RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                    Instant startTime, Instant answerTime, Instant endTime,
                    long durationSeconds, long billedSeconds, String disposition,
                    String rateId, Money cost, String currency, String source, String raw,
                    String leg, String answeredParty, boolean estimated, String carrierId, Money buyCost,
                    Money margin, String extension, String department, Direction direction, CallType callType,
                    String trunk, int cause) {
        this(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds, billedSeconds,
                disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId, buyCost,
                margin, extension, department, direction, callType, trunk, cause, NO_PDD);
    }
    /** The longest extension or department kept; a longer one is a switch's or a caller's error, not a name. */
    public static final int MAX_NAME_LENGTH = 128;

    /** Which way the call went, from the subscriber's side. */
    public enum Direction { OUTBOUND, INBOUND }

    /** A CDR without a trunk or a hang-up cause. */
    public RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                    Instant startTime, Instant answerTime, Instant endTime,
                    long durationSeconds, long billedSeconds, String disposition,
                    String rateId, Money cost, String currency, String source, String raw,
                    String leg, String answeredParty, boolean estimated, String carrierId, Money buyCost,
                    Money margin, String extension, String department, Direction direction, CallType callType) {
        this(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds, billedSeconds,
                disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId, buyCost,
                margin, extension, department, direction, callType, null, HangupCause.UNKNOWN);
    }

    /** A CDR without extension, direction or call type: rows written before they were kept. */
    public RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                    Instant startTime, Instant answerTime, Instant endTime,
                    long durationSeconds, long billedSeconds, String disposition,
                    String rateId, Money cost, String currency, String source, String raw,
                    String leg, String answeredParty, boolean estimated, String carrierId, Money buyCost, Money margin) {
        this(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds, billedSeconds,
                disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId, buyCost,
                margin, null, null, null, null);
    }

    /** Separates a switch's call id from the leg in {@link #callId}; see {@link #legCallId}. */
    public static final String LEG_SEPARATOR = ";leg=";

    /** A CDR without a carrier: every source but the gateway's stops that name one. */
    public RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                    Instant startTime, Instant answerTime, Instant endTime,
                    long durationSeconds, long billedSeconds, String disposition,
                    String rateId, Money cost, String currency, String source, String raw,
                    String leg, String answeredParty, boolean estimated) {
        this(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds, billedSeconds,
                disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, null, null, null);
    }

    /** A CDR of a call of one leg (the gateway's stops, files without legs). */
    public RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                    Instant startTime, Instant answerTime, Instant endTime,
                    long durationSeconds, long billedSeconds, String disposition,
                    String rateId, Money cost, String currency, String source, String raw) {
        this(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds, billedSeconds,
                disposition, rateId, cost, currency, source, raw, null, null, false);
    }

    /** A CDR with its leg and who answered, as files carry them; never an estimate. */
    public RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                    Instant startTime, Instant answerTime, Instant endTime,
                    long durationSeconds, long billedSeconds, String disposition,
                    String rateId, Money cost, String currency, String source, String raw,
                    String leg, String answeredParty) {
        this(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds, billedSeconds,
                disposition, rateId, cost, currency, source, raw, leg, answeredParty, false);
    }

    /**
     * The call id column of one leg: the switch's call id alone for a call of one leg (the key rows written
     * before legs existed have), else {@code CALLID;leg=LEG}. The one place this key is built
     * (docs/cdr-files.md, "Legs and keys"), so legs of one call never overwrite each other.
     */
    public static String legCallId(String callId, String leg) {
        Objects.requireNonNull(callId, "callId");
        return leg == null || leg.isEmpty() ? callId : callId + LEG_SEPARATOR + leg;
    }

    public RatedCdr {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(currency, "currency");
        if (durationSeconds < 0 || billedSeconds < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        leg = leg == null || leg.isEmpty() ? null : leg;
        answeredParty = answeredParty == null || answeredParty.isEmpty() ? null : answeredParty;
        carrierId = carrierId == null || carrierId.isEmpty() ? null : carrierId;
        extension = extension == null || extension.isEmpty() ? null : extension;
        department = department == null || department.isEmpty() ? null : department;
        trunk = trunk == null || trunk.isEmpty() ? null : trunk;
        if (pddMs != NO_PDD && (pddMs < 0 || pddMs > MAX_PDD_MS)) {
            throw new IllegalArgumentException("a post-dial delay is 0 to " + MAX_PDD_MS + " ms, or none: " + pddMs);
        }
        if (!HangupCause.isValid(cause)) {
            throw new IllegalArgumentException("a hang-up cause is 0 (none) or a Q.850 value, 1 to 127: " + cause);
        }
        if (trunk != null && trunk.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a trunk is at most " + MAX_NAME_LENGTH + " characters: " + trunk.length());
        }
        if (department != null && department.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a department is at most " + MAX_NAME_LENGTH + " characters: "
                    + department.length());
        }
        if (extension != null && extension.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("an extension is at most " + MAX_NAME_LENGTH + " characters: "
                    + extension.length());
        }
        if (buyCost != null && carrierId == null) {
            throw new IllegalArgumentException("a buy cost belongs to the carrier that connected the call; none is named");
        }
        if ((buyCost == null) != (margin == null) || (buyCost != null && !margin.equals(cost.minus(buyCost)))) {
            throw new IllegalArgumentException("the margin is the cost less the buy cost: cost " + cost + ", buy cost "
                    + buyCost + ", margin " + margin);
        }
        if (leg != null && !callId.endsWith(LEG_SEPARATOR + leg)) {
            throw new IllegalArgumentException("the call id of leg " + leg + " must be legCallId(call, leg), not " + callId);
        }
    }

    /** This CDR on another account (a parked import's catch-all), everything else as it is. */
    public RatedCdr onAccount(String otherAccountId) {
        return new RatedCdr(tenantId, otherAccountId, callId, caller, callee, startTime, answerTime, endTime,
                durationSeconds, billedSeconds, disposition, rateId, cost, currency, source, raw, leg, answeredParty,
                estimated, carrierId, buyCost, margin, extension, department, direction, callType, trunk, cause, pddMs);
    }

    /** This CDR with who made it, which way and what kind of call it was. */
    public RatedCdr classified(String extension, Direction direction, CallType callType) {
        return new RatedCdr(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds,
                billedSeconds, disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId,
                buyCost, margin, extension, department, direction, callType, trunk, cause, pddMs);
    }

    /** This CDR with the department of its extension. */
    public RatedCdr inDepartment(String extensionDepartment) {
        return new RatedCdr(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds,
                billedSeconds, disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId,
                buyCost, margin, extension, extensionDepartment, direction, callType, trunk, cause, pddMs);
    }

    /** This CDR with the PBX trunk it used (null: none). */
    public RatedCdr viaTrunk(String pbxTrunk) {
        return new RatedCdr(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds,
                billedSeconds, disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId,
                buyCost, margin, extension, department, direction, callType, pbxTrunk, cause, pddMs);
    }

    /** This CDR with why the call ended (a Q.850 value, 0 for none). */
    public RatedCdr withCause(int hangupCause) {
        return new RatedCdr(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds,
                billedSeconds, disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId,
                buyCost, margin, extension, department, direction, callType, trunk, hangupCause, pddMs);
    }

    /** This CDR with the post-dial delay the switch measured ({@link #NO_PDD} for none). */
    public RatedCdr withPdd(int postDialDelayMs) {
        return new RatedCdr(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds,
                billedSeconds, disposition, rateId, cost, currency, source, raw, leg, answeredParty, estimated, carrierId,
                buyCost, margin, extension, department, direction, callType, trunk, cause, postDialDelayMs);
    }

    /**
     * This CDR priced again (re-rating, docs/rating.md): its rate, billed seconds and cost, and the margin over its
     * carrier's buy cost that follows from them; everything else as it is.
     */
    public RatedCdr repriced(String newRateId, long newBilledSeconds, Money newCost) {
        Money newMargin = buyCost == null ? null : Money.ofMicros(Math.subtractExact(newCost.micros(), buyCost.micros()));
        return new RatedCdr(tenantId, accountId, callId, caller, callee, startTime, answerTime, endTime, durationSeconds,
                newBilledSeconds, disposition, newRateId, newCost, currency, source, raw, leg, answeredParty, estimated,
                carrierId, buyCost, newMargin, extension, department, direction, callType, trunk, cause, pddMs);
    }

    /**
     * The ledger's id for this call's charge: its key (start, call id with its leg) as a transfer id. A posting
     * source's import posts under it, and re-rating corrects the call under it, so both find the same call.
     */
    public String transferId() {
        return "cdr:" + startTime.toEpochMilli() + ":" + callId;
    }

    /** The UTC day that partitions this CDR. */
    public LocalDate day() {
        return startTime.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
