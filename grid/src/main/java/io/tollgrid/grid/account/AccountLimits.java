package io.tollgrid.grid.account;

/**
 * The configured limits of an account; zero means "no limit". Emergency calls ignore all of them.
 *
 * @param maxCalls         concurrent calls, both directions
 * @param maxInbound       concurrent inbound calls
 * @param maxOutbound      concurrent outbound calls
 * @param callsPerSecond   new calls per second
 * @param dailyCapMicros   posted plus reserved spend per UTC day
 * @param sliceSeconds     the reservation slice of the INCREMENTAL strategy
 */
public final class AccountLimits {
    public static final AccountLimits NONE = new AccountLimits(0, 0, 0, 0, 0, 300);

    private final int maxCalls;
    private final int maxInbound;
    private final int maxOutbound;
    private final int callsPerSecond;
    private final long dailyCapMicros;
    private final int sliceSeconds;

    public AccountLimits(int maxCalls, int maxInbound, int maxOutbound, int callsPerSecond, long dailyCapMicros,
                         int sliceSeconds) {
        if (maxCalls < 0 || maxInbound < 0 || maxOutbound < 0 || callsPerSecond < 0 || dailyCapMicros < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (sliceSeconds < 1) {
            throw new IllegalArgumentException("the reservation slice must be at least one second");
        }
        this.maxCalls = maxCalls;
        this.maxInbound = maxInbound;
        this.maxOutbound = maxOutbound;
        this.callsPerSecond = callsPerSecond;
        this.dailyCapMicros = dailyCapMicros;
        this.sliceSeconds = sliceSeconds;
    }

    public int maxCalls() { return maxCalls; }
    public int maxInbound() { return maxInbound; }
    public int maxOutbound() { return maxOutbound; }
    public int callsPerSecond() { return callsPerSecond; }
    public long dailyCapMicros() { return dailyCapMicros; }
    public int sliceSeconds() { return sliceSeconds; }
}
