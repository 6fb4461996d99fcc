package io.tollgrid.grid.voucher;

import io.tollgrid.grid.ledger.Transfer;

/**
 * The answer to one redemption. Only {@link Outcome#REDEEMED} moved money ({@code transfer}, the credited
 * account's record); every other outcome changed nothing. {@code voucherId} is known only once the code was
 * found; {@code refusal} names the ledger's reason for {@link Outcome#TRANSFER_REFUSED}.
 */
public record Redemption(Outcome outcome, String voucherId, long faceValueMicros, String currency, Transfer transfer,
                         String refusal) {
    public enum Outcome {
        REDEEMED,
        /** Not {@value VoucherCodes#LENGTH} digits once spaces and dashes are removed. */
        MALFORMED,
        /** The last digit is not the Damm check digit of the others: a typing error, never sent to the grid. */
        BAD_CHECK_DIGIT,
        /** No such code, or one whose issuer's subtree does not hold the account: a failed guess. */
        UNKNOWN,
        EXPIRED,
        /** Redeemed already, or claimed by a redemption still in progress. */
        USED,
        CURRENCY_MISMATCH,
        TRANSFER_REFUSED
    }

    static Redemption refused(Outcome outcome) {
        return new Redemption(outcome, null, 0, null, null, null);
    }

    static Redemption refused(Outcome outcome, Voucher voucher) {
        return new Redemption(outcome, voucher.voucherId(), voucher.faceValueMicros(), voucher.currency(), null, null);
    }
}
