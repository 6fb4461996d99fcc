package io.tollgrid.grid.account;

import java.util.Objects;

/**
 * A subscriber of an account: an extension, a SIP user, a PIN. Its calls spend the account's balance.
 * With {@code creditMicros} = 0 it shares the account's credit; above 0 it may spend at most that much
 * (credit assigned to the extension), tracked by its own spent and reserved totals. It may belong to a department
 * of the account's tenant (a name such as {@code Sales}), which its calls' CDRs carry, so reports total by it.
 */
public final class Subscriber {
    /** A department's name: letters, digits, space, '.', '_' and '-', 1 to 64, starting with a letter or digit. */
    private static final java.util.regex.Pattern DEPARTMENT = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

    private final String accountId;
    private final String subscriberId;
    private final long creditMicros;
    private final long spentMicros;
    private final long reservedMicros;
    private final String department;

    public Subscriber(String accountId, String subscriberId, long creditMicros, long spentMicros, long reservedMicros) {
        this(accountId, subscriberId, creditMicros, spentMicros, reservedMicros, null);
    }

    /** @param department the department it belongs to, or null */
    public Subscriber(String accountId, String subscriberId, long creditMicros, long spentMicros, long reservedMicros,
                      String department) {
        if (department != null && !DEPARTMENT.matcher(department).matches()) {
            throw new IllegalArgumentException("a department is 1-64 letters, digits, spaces, '.', '_' or '-', starting"
                    + " with a letter or digit: " + department);
        }
        this.department = department;
        this.accountId = Objects.requireNonNull(accountId);
        this.subscriberId = Objects.requireNonNull(subscriberId);
        if (creditMicros < 0 || reservedMicros < 0) {
            throw new IllegalStateException("subscriber credit and reservations must not be negative: " + subscriberId);
        }
        this.creditMicros = creditMicros;
        this.spentMicros = spentMicros;
        this.reservedMicros = reservedMicros;
    }

    public boolean hasOwnCredit() {
        return creditMicros > 0;
    }

    /** What this subscriber may still reserve; unbounded when it shares the account's credit. */
    public long remainingMicros() {
        return hasOwnCredit() ? Math.max(0, creditMicros - spentMicros - reservedMicros) : Long.MAX_VALUE;
    }

    public Subscriber reserve(long micros) {
        return new Subscriber(accountId, subscriberId, creditMicros, spentMicros, reservedMicros + micros, department);
    }

    public Subscriber settle(long reservedByCall, long costMicros) {
        return new Subscriber(accountId, subscriberId, creditMicros, spentMicros + costMicros, reservedMicros - reservedByCall,
                department);
    }

    /** This subscriber moved to another department (null: none), its credit and totals as they are. */
    public Subscriber inDepartment(String newDepartment) {
        return new Subscriber(accountId, subscriberId, creditMicros, spentMicros, reservedMicros, newDepartment);
    }

    public String accountId() { return accountId; }
    public String subscriberId() { return subscriberId; }
    public long creditMicros() { return creditMicros; }
    public long spentMicros() { return spentMicros; }
    public long reservedMicros() { return reservedMicros; }
    /** The department it belongs to, or null. */
    public String department() { return department; }
}
