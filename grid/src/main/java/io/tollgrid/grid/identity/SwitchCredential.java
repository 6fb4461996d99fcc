package io.tollgrid.grid.identity;

import java.util.Objects;

/**
 * A switch allowed to call the authorisation API, and what the gateway does for it when the grid is slow.
 *
 * @param tenantId        the tenant whose subtree the switch may charge; null for the operator's own switches
 * @param failOpenSeconds 0: when the grid does not answer in time, deny with 503. Above 0 (a trusted trunk):
 *                        allow for this many seconds and bill the call when its stop arrives, like Diameter's
 *                        Credit-Control-Failure-Handling CONTINUE
 * @param deadlineMillis  how long this switch waits for the grid before that policy applies; 0 means the
 *                        gateway's default deadline
 */
public final class SwitchCredential {
    /** A day: no call is allowed longer than that blind. */
    public static final int MAX_FAIL_OPEN_SECONDS = 86_400;

    private final String tenantId;
    private final int failOpenSeconds;
    private final int deadlineMillis;

    public SwitchCredential(String tenantId, int failOpenSeconds, int deadlineMillis) {
        if (failOpenSeconds < 0 || failOpenSeconds > MAX_FAIL_OPEN_SECONDS) {
            throw new IllegalArgumentException("failOpenSeconds must be between 0 and " + MAX_FAIL_OPEN_SECONDS);
        }
        if (deadlineMillis < 0 || deadlineMillis > 60_000) {
            throw new IllegalArgumentException("deadlineMillis must be between 0 and 60000");
        }
        this.tenantId = tenantId;
        this.failOpenSeconds = failOpenSeconds;
        this.deadlineMillis = deadlineMillis;
    }

    public String tenantId() {
        return tenantId;
    }

    public int failOpenSeconds() {
        return failOpenSeconds;
    }

    public int deadlineMillis() {
        return deadlineMillis;
    }

    /** A trusted trunk: its calls go ahead when the grid cannot answer, and are reconciled at stop. */
    public boolean trusted() {
        return failOpenSeconds > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SwitchCredential credential && Objects.equals(credential.tenantId, tenantId)
                && credential.failOpenSeconds == failOpenSeconds && credential.deadlineMillis == deadlineMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, failOpenSeconds, deadlineMillis);
    }

    @Override
    public String toString() {
        return "SwitchCredential[tenant=" + tenantId + ", failOpenSeconds=" + failOpenSeconds + ", deadlineMillis="
                + deadlineMillis + "]";
    }
}
