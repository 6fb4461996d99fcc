package io.tollgrid.ingest.files;

import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.ingest.formats.RejectedLine;
import io.tollgrid.ingest.formats.SwitchCdr;

/**
 * How a source finds the paying account of a CDR: always the same one, or the record's own account code
 * (Asterisk and FreeSWITCH accountcode, a generic CSV's account column), with an optional fallback.
 *
 * @param fromRecord take the record's account code
 * @param account    the fixed account, or the fallback for records without a code (null: such records are rejected)
 */
public record AccountRule(boolean fromRecord, String account) {
    public AccountRule {
        if (!fromRecord && (account == null || account.isBlank())) {
            throw new IllegalArgumentException("a fixed account rule needs an account id");
        }
        account = account == null || account.isBlank() ? null : account.trim();
    }

    public static AccountRule fixed(String account) {
        return new AccountRule(false, account);
    }

    public static AccountRule fromRecord(String fallback) {
        return new AccountRule(true, fallback);
    }

    String accountOf(SwitchCdr cdr) throws RejectedLine {
        if (fromRecord && cdr.account() != null) {
            return cdr.account();
        }
        if (account == null) {
            throw new RejectedLine(RejectReason.MISSING_ACCOUNT, "the record has no account code and the source no fallback account");
        }
        return account;
    }
}
