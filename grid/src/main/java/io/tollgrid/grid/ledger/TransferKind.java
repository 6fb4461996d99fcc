package io.tollgrid.grid.ledger;

/**
 * TOPUP and REFUND credit the account (amount > 0); ADJUSTMENT moves it either way (amount != 0); CHARGE debits
 * it (amount < 0) for a product, a recurring or one-off fee. These four are the operator's: the only way money
 * enters or leaves the ledger other than calls. TRANSFER_OUT and TRANSFER_IN are the two halves of one transfer
 * between accounts (a reseller funding a customer from its wallet): the same id and amount, debited from one
 * account and credited to the other, so they create nothing. CORRECTION changes a call's charge after the fact.
 * New kinds go at the end: Ignite stores an enum by
 * its ordinal.
 */
public enum TransferKind {
    TOPUP, REFUND, ADJUSTMENT, TRANSFER_OUT, TRANSFER_IN, CHARGE,
    /**
     * A charged call re-rated after a price change (docs/rating.md, "Re-rating a period"): the difference between
     * its new cost and what it was charged, either way; only the re-rating posts it, never an operator's transfer.
     */
    CORRECTION;

    /** True for the operator's kinds, which change the sum of all balances. */
    public boolean isOperators() {
        return this == TOPUP || this == REFUND || this == ADJUSTMENT || this == CHARGE;
    }
}
