package io.tollgrid.history.invoice;

import io.tollgrid.money.Money;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A product charge the ledger holds for an account: the CHARGE transfer {@code charge:<productId>:<periodStart>}
 * the charge run posted, as a positive amount owed. The invoice run bills the charges whose period starts inside
 * the invoice's period, whenever they were posted.
 */
public record ChargeLine(String transferId, String productId, LocalDate periodStart, String description, Money amount) {
    public ChargeLine {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(amount, "amount");
    }

    /**
     * The charge a ledger CHARGE transfer stands for, or null when the transfer is no product charge (an imported
     * call's posting, which the usage lines already bill). {@code amountMicros} is the transfer's (negative).
     */
    public static ChargeLine ofTransfer(String transferId, long amountMicros, String note) {
        if (transferId == null || !transferId.startsWith("charge:")) {
            return null;
        }
        int last = transferId.lastIndexOf(':');
        if (last <= "charge:".length()) {
            return null;
        }
        LocalDate start;
        try {
            start = LocalDate.parse(transferId.substring(last + 1));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
        String product = transferId.substring("charge:".length(), last);
        return new ChargeLine(transferId, product, start, note == null || note.isBlank() ? product : note,
                Money.ofMicros(Math.negateExact(amountMicros)));
    }
}
