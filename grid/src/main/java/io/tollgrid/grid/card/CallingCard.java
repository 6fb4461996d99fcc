package io.tollgrid.grid.card;

import java.util.Objects;

/**
 * One calling card as the grid keeps it, keyed by its account id beside the account. Immutable.
 *
 * @param escrowAccount the account holding the card's face value until it is activated (a reseller's batch, paid from
 *                      its wallet), or null for the operator's batch, whose activation is an operator payment
 * @param useByMillis   the last moment the card may be used for the first time
 * @param expiresAtMillis 0 while inactive; the activation plus {@code validDays} once active
 */
public final class CallingCard {
    private final String accountId;
    private final String batchId;
    private final String escrowAccount;
    private final long faceValueMicros;
    private final int validDays;
    private final long useByMillis;
    private final CardState state;
    private final long activatedAtMillis;
    private final long expiresAtMillis;

    CallingCard(String accountId, String batchId, String escrowAccount, long faceValueMicros, int validDays,
                long useByMillis, CardState state, long activatedAtMillis, long expiresAtMillis) {
        this.accountId = Objects.requireNonNull(accountId);
        this.batchId = Objects.requireNonNull(batchId);
        this.state = Objects.requireNonNull(state);
        if (faceValueMicros <= 0 || validDays < 1 || validDays > CallingCards.MAX_VALID_DAYS) {
            throw new IllegalArgumentException("card " + accountId + ": a positive face value and 1 to "
                    + CallingCards.MAX_VALID_DAYS + " valid days");
        }
        if ((state == CardState.ACTIVE) != (expiresAtMillis > activatedAtMillis && activatedAtMillis > 0)) {
            throw new IllegalStateException("card " + accountId + ": an active card has its activation and expiry,"
                    + " an inactive one neither");
        }
        this.escrowAccount = escrowAccount;
        this.faceValueMicros = faceValueMicros;
        this.validDays = validDays;
        this.useByMillis = useByMillis;
        this.activatedAtMillis = activatedAtMillis;
        this.expiresAtMillis = expiresAtMillis;
    }

    /** The card activated now: its validity runs from here. */
    CallingCard activated(long nowMillis) {
        if (state != CardState.INACTIVE) {
            throw new IllegalStateException("card " + accountId + " is active already");
        }
        return new CallingCard(accountId, batchId, escrowAccount, faceValueMicros, validDays, useByMillis,
                CardState.ACTIVE, nowMillis, nowMillis + validDays * 86_400_000L);
    }

    /** Whether it can no longer be used: past its expiry, or never used before its batch's use-by. */
    public boolean expiredAt(long nowMillis) {
        return state == CardState.ACTIVE ? nowMillis >= expiresAtMillis : nowMillis >= useByMillis;
    }

    public String accountId() { return accountId; }
    public String batchId() { return batchId; }
    public String escrowAccount() { return escrowAccount; }
    public long faceValueMicros() { return faceValueMicros; }
    public int validDays() { return validDays; }
    public long useByMillis() { return useByMillis; }
    public CardState state() { return state; }
    public long activatedAtMillis() { return activatedAtMillis; }
    public long expiresAtMillis() { return expiresAtMillis; }
}
