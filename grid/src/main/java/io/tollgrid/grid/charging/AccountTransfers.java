package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountEvent;
import io.tollgrid.grid.account.AccountScopedKey;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.ledger.CostCorrection;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.session.SessionState;

/**
 * Money moved by transfer id, once: the operator's transfers on one account (top-up, refund, adjustment, charge),
 * transfers between two accounts (a reseller's wallet to its customer), and calls imported from a switch's CDRs.
 * A repeat with the same id and amount returns the first answer and moves nothing.
 */
final class AccountTransfers {
    /** The rate id prefix of the stopped record an imported call leaves under its switch call id. */
    static final String IMPORTED_CALL_RATE = "imported:";

    private final ChargingStore store;

    AccountTransfers(ChargingStore store) {
        this.store = store;
    }

    /** {@link ChargingCore#transfer} as a step. */
    Step<TransferResult> transferStep(String accountId, String transferId, TransferKind kind, long amountMicros,
                                      long atMillis, String note) {
        boolean validAmount = kind == TransferKind.ADJUSTMENT ? amountMicros != 0
                : kind == TransferKind.CHARGE ? amountMicros < 0 : amountMicros > 0;
        if (!kind.isOperators()) {
            throw new IllegalArgumentException(kind + " is not an operator's transfer (between accounts: transferBetween;"
                    + " a correction: correctCallCost)");
        }
        if (!validAmount) {
            return Step.without(accountId, TransferResult.refused("INVALID_AMOUNT"));
        }
        AccountScopedKey key = new AccountScopedKey(accountId, transferId);
        return new Step<>(accountId, () -> false, 3, shared -> {
            Account account = store.accounts.get(accountId);
            if (account == null) {
                return TransferResult.refused("ACCOUNT_UNKNOWN");
            }
            Transfer existing = store.transfers.get(key);
            if (existing != null) {
                boolean same = existing.kind() == kind && existing.amountMicros() == amountMicros;
                return same ? new TransferResult(null, true, existing) : TransferResult.refused("TRANSFER_ID_REUSED");
            }
            Account credited = account.credited(amountMicros);
            if (amountMicros < 0 && credited.availableMicros() < 0) {
                return TransferResult.refused("INSUFFICIENT_FUNDS");
            }
            Transfer transfer = new Transfer(accountId, transferId, kind, amountMicros, atMillis,
                    credited.balanceMicros(), note);
            store.transfers.put(key, transfer);
            store.accounts.put(accountId, credited);
            store.raiseLowBalance(account, credited, "transfer:" + transferId, atMillis);
            return new TransferResult(null, false, transfer);
        });
    }

    /** {@link ChargingCore#transferBetween} as a step. */
    Step<TransferResult> transferBetweenStep(String payerId, String payeeId, String transferId, long amountMicros,
                                             long atMillis, String note) {
        if (amountMicros <= 0) {
            return Step.without(payeeId, TransferResult.refused("INVALID_AMOUNT"));
        }
        if (payerId.equals(payeeId)) {
            return Step.without(payeeId, TransferResult.refused("SAME_ACCOUNT"));
        }
        AccountScopedKey outKey = new AccountScopedKey(payerId, transferId);
        AccountScopedKey inKey = new AccountScopedKey(payeeId, transferId);
        // Never shares a batch's transaction: it locks a second account, which may live on another node.
        return new Step<>(payeeId, () -> true, 6, shared -> {
            boolean payerFirst = payerId.compareTo(payeeId) < 0;
            Account first = store.accounts.get(payerFirst ? payerId : payeeId); // one lock order with batches: by id
            Account second = store.accounts.get(payerFirst ? payeeId : payerId);
            Account payer = payerFirst ? first : second;
            Account payee = payerFirst ? second : first;
            if (payee == null) {
                return TransferResult.refused("ACCOUNT_UNKNOWN");
            }
            if (payer == null) {
                return TransferResult.refused("PAYER_UNKNOWN");
            }
            Transfer out = store.transfers.get(outKey);
            Transfer in = store.transfers.get(inKey);
            if (out != null || in != null) {
                boolean same = out != null && in != null && out.kind() == TransferKind.TRANSFER_OUT
                        && in.kind() == TransferKind.TRANSFER_IN && in.amountMicros() == amountMicros
                        && payeeId.equals(out.counterparty()) && payerId.equals(in.counterparty());
                return same ? new TransferResult(null, true, in, out) : TransferResult.refused("TRANSFER_ID_REUSED");
            }
            if (!payer.currency().equals(payee.currency())) {
                return TransferResult.refused("CURRENCY_MISMATCH");
            }
            if (payee.status() == AccountStatus.CLOSED) {
                return TransferResult.refused("ACCOUNT_CLOSED");
            }
            if (payer.availableMicros() < amountMicros) {
                return TransferResult.refused("INSUFFICIENT_FUNDS");
            }
            Account debited = payer.transferredOut(amountMicros);
            Account credited = payee.credited(amountMicros);
            Transfer paid = new Transfer(payerId, transferId, TransferKind.TRANSFER_OUT, -amountMicros, atMillis,
                    debited.balanceMicros(), note, payeeId);
            Transfer received = new Transfer(payeeId, transferId, TransferKind.TRANSFER_IN, amountMicros, atMillis,
                    credited.balanceMicros(), note, payerId);
            // Ledger invariant: what left one account is exactly what reached the other.
            if (debited.balanceMicros() - payer.balanceMicros() != -(credited.balanceMicros() - payee.balanceMicros())) {
                throw new IllegalStateException("transfer " + transferId + " would create or destroy money");
            }
            store.transfers.put(outKey, paid);
            store.transfers.put(inKey, received);
            store.accounts.put(payerId, debited);
            store.accounts.put(payeeId, credited);
            store.raiseLowBalance(payer, debited, "transfer:" + transferId, atMillis);
            return new TransferResult(null, false, received, paid);
        });
    }

    /** {@link ChargingCore#postImportedCall} as a step. */
    Step<PostedCall> importedCallStep(String accountId, String switchCallId, String transferId, String currency,
                                      long costMicros, long endedAtMillis, String note, boolean historyChecked) {
        if (costMicros < 0) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.INVALID_AMOUNT));
        }
        // Reference data before the transaction: whether the account exists and its currency (which never changes).
        Account unlocked = store.accounts.get(accountId);
        if (unlocked == null) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.ACCOUNT_UNKNOWN));
        }
        if (!unlocked.currency().equals(currency)) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.CURRENCY_MISMATCH));
        }
        if (costMicros == 0) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.NOTHING_TO_POST));
        }
        AccountScopedKey key = new AccountScopedKey(accountId, transferId);
        SessionKey live = switchCallId == null ? null : new SessionKey(accountId, switchCallId);
        return new Step<>(accountId, () -> false, 5, shared -> {
            Account account = store.accounts.get(accountId);
            if (account == null) {
                return PostedCall.of(PostedCall.Outcome.ACCOUNT_UNKNOWN);
            }
            Transfer existing = store.transfers.get(key);
            if (existing != null) {
                boolean same = existing.kind() == TransferKind.CHARGE && existing.amountMicros() == -costMicros;
                return same ? new PostedCall(PostedCall.Outcome.REPLAY, existing, false, false, 0)
                        : new PostedCall(PostedCall.Outcome.POSTED_AT_OTHER_COST, existing, false, false, 0);
            }
            if (live != null && !historyChecked && !store.policy.sessionStillKept(endedAtMillis, System.currentTimeMillis())) {
                return PostedCall.of(PostedCall.Outcome.CHECK_HISTORY);
            }
            Session session = live == null ? null : store.sessions.get(live);
            if (session != null && (session.rateId() == null || !session.rateId().startsWith(IMPORTED_CALL_RATE))) {
                return new PostedCall(PostedCall.Outcome.BILLED_LIVE, null, false, false, session.costMicros());
            }
            if (account.status() == AccountStatus.CLOSED) {
                return PostedCall.of(PostedCall.Outcome.ACCOUNT_CLOSED);
            }
            long day = Admission.epochDay(endedAtMillis);
            Account charged = account.importedCallPosted(costMicros, day);
            boolean overLimit = charged.availableMicros() < 0;
            long cap = account.limits().dailyCapMicros();
            boolean overCap = cap > 0 && charged.spentOnMicros(day) > cap;
            String flags = (overLimit ? " [over credit limit]" : "") + (overCap ? " [over daily cap]" : "");
            Transfer transfer = new Transfer(accountId, transferId, TransferKind.CHARGE, -costMicros, endedAtMillis,
                    charged.balanceMicros(), (note == null ? "" : note) + flags);
            store.transfers.put(key, transfer);
            store.accounts.put(accountId, charged);
            if (live != null) {
                // The switch API's view of this call from now on: stopped, for one retention like a real stop, so a
                // fail-open stop of it arriving later replays this record instead of billing the call again. It holds
                // nothing and is no session of the switch: another imported leg of the call still posts.
                store.finishedSessions.put(live, importedCall(account, switchCallId, transferId, costMicros, endedAtMillis));
            }
            String cause = "transfer:" + transferId;
            store.raiseLowBalance(account, charged, cause, endedAtMillis);
            if (overLimit && account.availableMicros() >= 0) {
                store.raise(accountId, AccountEvent.CREDIT_LIMIT_EXCEEDED, endedAtMillis, charged.balanceMicros(), cause);
            }
            if (overCap && account.spentOnMicros(day) <= cap) {
                store.raise(accountId, AccountEvent.DAILY_CAP_EXCEEDED, endedAtMillis, charged.balanceMicros(), cause);
            }
            return new PostedCall(PostedCall.Outcome.POSTED, transfer, overLimit, overCap, 0);
        });
    }

    /** {@link ChargingCore#correctCallCost} as a step. */
    Step<CostCorrection> correctionStep(String accountId, String callTransferId, boolean chargedLive, String currency,
                                        long fromCostMicros, long toCostMicros, long atMillis, String note) {
        if (fromCostMicros < 0 || toCostMicros < 0) {
            return Step.without(accountId, CostCorrection.of(CostCorrection.Outcome.INVALID_AMOUNT));
        }
        Account unlocked = store.accounts.get(accountId);
        if (unlocked == null) {
            return Step.without(accountId, CostCorrection.of(CostCorrection.Outcome.ACCOUNT_UNKNOWN));
        }
        if (!unlocked.currency().equals(currency)) {
            return Step.without(accountId, CostCorrection.of(CostCorrection.Outcome.CURRENCY_MISMATCH));
        }
        return new Step<>(accountId, () -> false, 3 + CostCorrection.MAX_CORRECTIONS, shared -> {
            Account account = store.accounts.get(accountId);
            if (account == null) {
                return CostCorrection.of(CostCorrection.Outcome.ACCOUNT_UNKNOWN);
            }
            Transfer posted = store.transfers.get(new AccountScopedKey(accountId, callTransferId));
            long ledgerCost;
            if (posted != null) {
                if (posted.kind() != TransferKind.CHARGE) {
                    return CostCorrection.of(CostCorrection.Outcome.NOT_CHARGED);
                }
                ledgerCost = -posted.amountMicros();
            } else if (chargedLive) {
                // The grid charged it at its stop and kept no record past the session's retention: the CDR is the
                // record of that charge until a first correction holds the call's cost in the ledger.
                ledgerCost = fromCostMicros;
            } else {
                return CostCorrection.of(CostCorrection.Outcome.NOT_CHARGED);
            }
            int next = 1;
            for (; next <= CostCorrection.MAX_CORRECTIONS; next++) {
                Transfer earlier = store.transfers.get(new AccountScopedKey(accountId,
                        CostCorrection.correctionId(callTransferId, next)));
                if (earlier == null) {
                    break;
                }
                ledgerCost = earlier.callCostMicros();
            }
            if (ledgerCost == toCostMicros) {
                return new CostCorrection(CostCorrection.Outcome.REPLAY, null, ledgerCost, false);
            }
            if (ledgerCost != fromCostMicros) {
                return new CostCorrection(CostCorrection.Outcome.COST_MISMATCH, null, ledgerCost, false);
            }
            if (next > CostCorrection.MAX_CORRECTIONS) {
                return new CostCorrection(CostCorrection.Outcome.TOO_MANY_CORRECTIONS, null, ledgerCost, false);
            }
            Account corrected = account.callRerated(ledgerCost, toCostMicros);
            boolean overLimit = toCostMicros > ledgerCost && corrected.availableMicros() < 0;
            String id = CostCorrection.correctionId(callTransferId, next);
            Transfer correction = Transfer.correction(accountId, id, ledgerCost - toCostMicros, atMillis,
                    corrected.balanceMicros(), (note == null ? "" : note) + (overLimit ? " [over credit limit]" : ""),
                    toCostMicros);
            // Ledger invariant: the balance moved by exactly the correction's amount.
            if (corrected.balanceMicros() - account.balanceMicros() != correction.amountMicros()) {
                throw new IllegalStateException("correction " + id + " would move the balance by another amount");
            }
            store.transfers.put(new AccountScopedKey(accountId, id), correction);
            store.accounts.put(accountId, corrected);
            String cause = "transfer:" + id;
            store.raiseLowBalance(account, corrected, cause, atMillis);
            if (overLimit && account.availableMicros() >= 0) {
                store.raise(accountId, AccountEvent.CREDIT_LIMIT_EXCEEDED, atMillis, corrected.balanceMicros(), cause);
            }
            return new CostCorrection(CostCorrection.Outcome.CORRECTED, correction, ledgerCost, overLimit);
        });
    }

    /** The stopped record of an imported call: no slot, no reservation, its cost; rate id {@code imported:<transfer id>}. */
    private static Session importedCall(Account account, String switchCallId, String transferId, long costMicros,
                                        long endedAtMillis) {
        return new Session(account.tenantId(), account.accountId(), switchCallId, null, null, Direction.OUTBOUND, false,
                null, null, SessionState.STOPPED, endedAtMillis, 0, endedAtMillis, endedAtMillis, 0, 0, 0,
                IMPORTED_CALL_RATE + transferId, 0, 0, 1, 1, 0, costMicros);
    }
}
