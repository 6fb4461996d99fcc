package io.tollgrid.grid.card;

import java.util.List;

/**
 * A batch of calling cards just made, with their PINs in clear: the only time they are shown.
 *
 * @param escrowAccount the account the reseller's wallet prepaid the batch into, or null for the operator's batch
 */
public record IssuedCards(String batchId, String tenantId, String escrowAccount, int count, long faceValueMicros,
                          String currency, int validDays, long useByMillis, List<Card> cards) {
    public IssuedCards {
        cards = List.copyOf(cards);
        if (cards.size() != count) {
            throw new IllegalStateException("batch " + batchId + ": " + cards.size() + " cards made of " + count);
        }
    }

    /** One card: its account and its PIN. */
    public record Card(String accountId, String pin) {
    }
}
