package io.tollgrid.grid.identity;

import java.util.Objects;

/**
 * A switch allowed to call the authorisation API.
 *
 * @param tenantId         the tenant whose subtree the switch may charge; null for the operator's own switches
 * @param failOpenSeconds  0: when the grid does not answer in time, deny with 503. Above 0 (a trusted trunk):
 *                         allow with this duration and bill the call when its stop arrives, like Diameter's
 *                         Credit-Control-Failure-Handling CONTINUE
 */
public final class SwitchCredential {
    private final String tenantId;
    private final int failOpenSeconds;

    public SwitchCredential(String tenantId, int failOpenSeconds) {
        if (failOpenSeconds < 0) {
            throw new IllegalArgumentException("failOpenSeconds must not be negative");
        }
        this.tenantId = tenantId;
        this.failOpenSeconds = failOpenSeconds;
    }

    public String tenantId() {
        return tenantId;
    }

    public int failOpenSeconds() {
        return failOpenSeconds;
    }

    public boolean trusted() {
        return failOpenSeconds > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SwitchCredential credential && Objects.equals(credential.tenantId, tenantId)
                && credential.failOpenSeconds == failOpenSeconds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, failOpenSeconds);
    }
}
