package io.tollgrid.grid.voucher;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.tenancy.Tenant;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reseller's prepayment of what it issues (a voucher batch, a calling-card batch): its tenant's wallet pays the whole
 * into an escrow account of the tenant's, frozen so no call can spend it, by one transfer whose id names the batch, so
 * it is never taken twice. Later redemptions or first uses are transfers out of the escrow: a reseller never mints money.
 */
public final class Escrows {
    /** How long a prepayment or a payment out of an escrow waits for its ledger transfer. */
    public static final long TRANSFER_TIMEOUT_SECONDS = 30;

    private Escrows() {
    }

    /**
     * Pays {@code totalMicros} from the tenant's wallet into {@code escrow} (opened, frozen, if missing), or throws
     * with the refusal: TENANT_UNKNOWN, NO_WALLET, CURRENCY_MISMATCH, ESCROW_TAKEN, or the transfer's own
     * (INSUFFICIENT_FUNDS).
     */
    public static void prepay(GridAdmin admin, ChargingClient charging, String tenantId, String escrow, String currency,
                              long totalMicros, String transferId, String note, Instant now) {
        Tenant payer = admin.tenant(tenantId)
                .orElseThrow(() -> new AdminException("TENANT_UNKNOWN", "no tenant " + tenantId));
        Account wallet = payer.walletAccount() == null ? null : admin.account(payer.walletAccount()).orElse(null);
        if (wallet == null) {
            throw new AdminException("NO_WALLET", "tenant " + tenantId + " has no wallet account to prepay " + note);
        }
        if (!wallet.currency().equals(currency)) {
            throw new AdminException("CURRENCY_MISMATCH", "the wallet of " + tenantId + " is in " + wallet.currency());
        }
        Optional<Account> existing = admin.account(escrow);
        if (existing.isPresent() && !(existing.get().tenantId().equals(tenantId)
                && existing.get().currency().equals(currency))) {
            throw new AdminException("ESCROW_TAKEN", "account " + escrow + " exists for another tenant or currency");
        }
        if (existing.isEmpty()) {
            try {
                admin.openAccount(Account.open(tenantId, escrow, currency, wallet.ratePlanId(), PayType.PREPAID,
                        ReservationStrategy.FULL, AccountLimits.NONE, 0, 0, 0));
            } catch (AdminException e) {
                if (!"ACCOUNT_EXISTS".equals(e.code())) {
                    throw e;
                }
            }
        }
        admin.setStatus(escrow, AccountStatus.FROZEN);
        TransferResult paid = await(charging.transferBetween(wallet.accountId(), escrow, transferId, totalMicros,
                now.toEpochMilli(), "prepaid " + note));
        if (paid.refusal() != null) {
            throw new AdminException(paid.refusal(), "the wallet payment for " + note + " was refused: "
                    + paid.refusal());
        }
    }

    /** Waits for a ledger transfer; a timeout or failure is an IllegalStateException (the caller may try again). */
    public static TransferResult await(CompletableFuture<TransferResult> transfer) {
        try {
            return transfer.get(TRANSFER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a transfer", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a transfer did not complete: " + e, e);
        }
    }
}
