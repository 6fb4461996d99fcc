package io.tollgrid.history.rollup;

/** What a rollup row groups a day's calls by. */
public enum Dimension {
    /** Every call of the day; the key is empty. */
    TOTAL,
    /** The destination ({@link DayUsage#destination}). */
    DESTINATION,
    /** The disposition as stored (ANSWERED, NO_ANSWER, ...). */
    DISPOSITION,
    /** The UTC quarter hour the call started in, "00" to "95": reports turn these into hours and days of any zone. */
    QUARTER,
    /** The extension that made the call ({@code RatedCdr#extension}), empty when the CDR names none. */
    EXTENSION,
    /** The department of that extension ({@code RatedCdr#department}), empty when the CDR names none. */
    DEPARTMENT,
    /** The call type ({@code RatedCdr#callType}: LOCAL, MOBILE, ...), empty when the CDR has none. */
    CALL_TYPE,
    /** The carrier that connected the call ({@code RatedCdr#carrierId}, the destination trunk), empty for none. */
    CARRIER,
    /**
     * The carrier that connected the call and the call's destination ({@link DayUsage#destination}) together, keyed
     * {@code carrier/destination} ({@link DayUsage#carrierDestination}; a carrier id has no "/"); only calls that
     * name a carrier have one. A day has at most one per carrier and destination its calls used.
     */
    CARRIER_DESTINATION,
    /** The PBX trunk the call used ({@code RatedCdr#trunk}), empty for none (docs/cdr-files.md, "Trunks"). */
    TRUNK
}
