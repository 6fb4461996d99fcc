package io.tollgrid.ingest.formats;

/** Why a line did not become a rated CDR. Stable names: they are stored with each reject and counted in metrics. */
public enum RejectReason {
    /** An empty line. */
    BLANK_LINE,
    /** Quotes that do not close, or text after a closing quote. */
    MALFORMED_CSV,
    /** Fewer (or more) columns than the format has. */
    WRONG_COLUMN_COUNT,
    /** A field the format requires is empty. */
    MISSING_FIELD,
    /** A time that cannot be read. */
    BAD_TIME,
    /** A duration that is not a whole number. */
    BAD_NUMBER,
    /** A negative duration or billed time, or more billed than the call lasted. */
    NEGATIVE_DURATION,
    /** A call longer than {@link SwitchCdr#MAX_DURATION_SECONDS}. */
    ABSURD_DURATION,
    /** The end before the start, or the answer outside the call. */
    INCONSISTENT_TIMES,
    /** A disposition or hang-up cause the format does not define. */
    UNKNOWN_DISPOSITION,
    /** The dialled number has characters that are not digits. */
    NOT_A_NUMBER,
    /** The source takes the account from the record and the record has none. */
    MISSING_ACCOUNT,
    /** The source's rate plan is not defined in the grid. */
    UNKNOWN_PLAN,
    /** The plan has no rate for the destination, or blocks it. */
    UNRATED,
    /** A record that is not a call (a CUCM CMR or start record), or a file whose header is not the format's. */
    NOT_A_CALL_RECORD,
    /** Longer than {@link LineParser#MAX_LINE_CHARS} (a pushed document: than the HTTP source's body limit). */
    LINE_TOO_LONG,
    /** A pushed document that is not JSON, or not a CDR document (no {@code variables} object). */
    MALFORMED_DOCUMENT,
    /** The bytes a TCP connection left after its last line end when it closed: a line cut off, never a whole one. */
    PARTIAL_LINE,
    /** A posting source's CDR whose account the grid does not know, and the source parks nothing (no catch-all). */
    UNKNOWN_ACCOUNT,
    /** A posting source's CDR for a closed account: not posted. */
    ACCOUNT_CLOSED,
    /** A posting source's CDR in another currency than its account's: not posted. */
    CURRENCY_MISMATCH,
    /** A posting source's CDR of a call the switch API billed (its stop): the call is billed once, by the stop. */
    BILLED_LIVE,
    /** A posting source's CDR posted before at another cost (re-rated since): the ledger keeps the first posting. */
    POSTED_AT_OTHER_COST
}
