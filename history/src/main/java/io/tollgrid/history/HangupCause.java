package io.tollgrid.history;

import java.util.Map;

/**
 * Why a call ended, as an ITU-T Q.850 cause value (1 to 127), the code PBXs, carriers and their reports share; 0 when
 * the source did not say. Two ways in: a SIP final response (the switch API's {@code sipCode}, a Kamailio CDR's
 * {@code sip_code}), mapped by RFC 3398's table, and a cause name as FreeSWITCH writes it. Each also decides the CDR's
 * disposition here, so every source agrees (docs/cdr-files.md, "Hang-up causes").
 */
public final class HangupCause {
    /** The source named no cause. */
    public static final int UNKNOWN = 0;
    public static final int NORMAL_CLEARING = 16;
    public static final int USER_BUSY = 17;
    /** Q.850's catch-all for a SIP response RFC 3398 maps to no narrower cause. */
    public static final int INTERWORKING = 127;

    /** RFC 3398 section 8.2.6.1, SIP final response to Q.850 cause; 487 (the caller cancelled) is normal clearing. */
    private static final Map<Integer, Integer> OF_SIP = Map.ofEntries(
            Map.entry(400, 41), Map.entry(401, 21), Map.entry(402, 21), Map.entry(403, 21), Map.entry(404, 1),
            Map.entry(405, 63), Map.entry(406, 79), Map.entry(407, 21), Map.entry(408, 102), Map.entry(410, 22),
            Map.entry(413, 127), Map.entry(414, 127), Map.entry(415, 79), Map.entry(416, 127), Map.entry(420, 127),
            Map.entry(421, 127), Map.entry(423, 127), Map.entry(480, 18), Map.entry(481, 41), Map.entry(482, 25),
            Map.entry(483, 25), Map.entry(484, 28), Map.entry(485, 1), Map.entry(486, 17), Map.entry(487, 16),
            Map.entry(500, 41), Map.entry(501, 79), Map.entry(502, 38), Map.entry(503, 41), Map.entry(504, 102),
            Map.entry(505, 127), Map.entry(513, 127), Map.entry(600, 17), Map.entry(603, 21), Map.entry(604, 1));

    /** The cause names FreeSWITCH writes for Q.850 values (its ORIGINATOR_CANCEL, a cancel, is normal clearing). */
    private static final Map<String, Integer> OF_NAME = Map.ofEntries(
            Map.entry("UNALLOCATED_NUMBER", 1), Map.entry("NO_ROUTE_TRANSIT_NET", 2),
            Map.entry("NO_ROUTE_DESTINATION", 3), Map.entry("CHANNEL_UNACCEPTABLE", 6),
            Map.entry("NORMAL_CLEARING", 16), Map.entry("USER_BUSY", 17), Map.entry("NO_USER_RESPONSE", 18),
            Map.entry("NO_ANSWER", 19), Map.entry("SUBSCRIBER_ABSENT", 20), Map.entry("CALL_REJECTED", 21),
            Map.entry("NUMBER_CHANGED", 22), Map.entry("REDIRECTION_TO_NEW_DESTINATION", 23),
            Map.entry("EXCHANGE_ROUTING_ERROR", 25), Map.entry("DESTINATION_OUT_OF_ORDER", 27),
            Map.entry("INVALID_NUMBER_FORMAT", 28), Map.entry("FACILITY_REJECTED", 29),
            Map.entry("NORMAL_UNSPECIFIED", 31), Map.entry("NORMAL_CIRCUIT_CONGESTION", 34),
            Map.entry("NETWORK_OUT_OF_ORDER", 38), Map.entry("NORMAL_TEMPORARY_FAILURE", 41),
            Map.entry("SWITCH_CONGESTION", 42), Map.entry("REQUESTED_CHAN_UNAVAIL", 44),
            Map.entry("BEARERCAPABILITY_NOTAVAIL", 58), Map.entry("SERVICE_UNAVAILABLE", 63),
            Map.entry("SERVICE_NOT_IMPLEMENTED", 79), Map.entry("INCOMPATIBLE_DESTINATION", 88),
            Map.entry("RECOVERY_ON_TIMER_EXPIRE", 102), Map.entry("INTERWORKING", 127),
            Map.entry("ORIGINATOR_CANCEL", 16));

    private HangupCause() {
    }

    /**
     * The cause of a SIP final response: a 2xx is normal clearing, a 4xx to 6xx RFC 3398's cause or
     * {@link #INTERWORKING}, anything else (0 for none, a provisional response, not a SIP code) {@link #UNKNOWN}.
     */
    public static int ofSip(int code) {
        if (code >= 200 && code < 300) {
            return NORMAL_CLEARING;
        }
        if (code >= 400 && code < 700) {
            return OF_SIP.getOrDefault(code, INTERWORKING);
        }
        return UNKNOWN;
    }

    /** The cause FreeSWITCH names ({@code USER_BUSY} is 17), or {@link #UNKNOWN} for a name Q.850 has no value for. */
    public static int ofName(String name) {
        return name == null ? UNKNOWN : OF_NAME.getOrDefault(name, UNKNOWN);
    }

    /**
     * The disposition of a call that ended with a SIP final response: ANSWERED for a 2xx; BUSY for busy here or
     * everywhere; NO_ANSWER for a timeout, temporarily unavailable, a cancel or a decline; CONGESTION for a gateway
     * or service failure (502 to 504); FAILED for the rest.
     */
    public static String dispositionOfSip(int code) {
        if (code < 300) {
            return "ANSWERED";
        }
        return switch (code) {
            case 486, 600 -> "BUSY";
            case 408, 480, 487, 603 -> "NO_ANSWER";
            case 502, 503, 504 -> "CONGESTION";
            default -> "FAILED";
        };
    }

    /**
     * The disposition of an unanswered call with a Q.850 cause: BUSY for user busy; NO_ANSWER for normal clearing, no
     * user responding, no answer and call rejected; CONGESTION for circuit or switch congestion and a network out of
     * order; FAILED for every other cause; {@code null} for {@link #UNKNOWN}, which decides nothing.
     */
    public static String dispositionOfUnanswered(int cause) {
        return switch (cause) {
            case UNKNOWN -> null;
            case USER_BUSY -> "BUSY";
            case NORMAL_CLEARING, 18, 19, 21 -> "NO_ANSWER";
            case 34, 38, 42 -> "CONGESTION";
            default -> "FAILED";
        };
    }

    /**
     * Whether an unanswered call that ended with this cause still counts as delivered by the network for NER (ITU-T
     * E.425: seizures resulting in an answer, user busy, ring no answer or terminal rejection): 16 normal clearing
     * (the caller hung up while it rang, a cancel), 17 user busy, 18 no user responding, 19 no answer (user alerted)
     * and 21 call rejected. Every other cause (unallocated number, congestion, network out of order, temporary
     * failure, timer expiry, interworking, ...) is the network's failure; {@link #UNKNOWN} is neither and is left out
     * of NER ({@code Usage#nerCalls}).
     */
    public static boolean isNetworkEffective(int cause) {
        return switch (cause) {
            case NORMAL_CLEARING, USER_BUSY, 18, 19, 21 -> true;
            default -> false;
        };
    }

    /** Whether the value is one a CDR may carry: {@link #UNKNOWN} or a Q.850 cause. */
    public static boolean isValid(int cause) {
        return cause >= UNKNOWN && cause <= INTERWORKING;
    }
}
