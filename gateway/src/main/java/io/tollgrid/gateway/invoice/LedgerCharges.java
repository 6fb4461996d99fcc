package io.tollgrid.gateway.invoice;

import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.history.invoice.ChargeLine;

import java.util.List;
import java.util.Objects;

/** An account's product charges as the ledger holds them (CHARGE transfers keyed charge:PRODUCT:PERIOD). */
final class LedgerCharges {
    private LedgerCharges() {
    }

    static List<ChargeLine> of(GridAdmin grid, String accountId) {
        return grid.transfersOf(accountId).stream().filter(t -> t.kind() == TransferKind.CHARGE)
                .map(t -> ChargeLine.ofTransfer(t.transferId(), t.amountMicros(), t.note()))
                .filter(Objects::nonNull).toList();
    }
}
