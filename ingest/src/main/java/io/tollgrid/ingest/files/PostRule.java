package io.tollgrid.ingest.files;

/**
 * Whether a source's rated CDRs are posted to their accounts in the ledger ({@code ID.post}), and where a CDR
 * whose account the grid does not know goes ({@code ID.post.catchall}): parked on that account, or (none) rejected
 * {@code UNKNOWN_ACCOUNT}. See docs/cdr-files.md, "Posting to the ledger".
 *
 * @param post     post each CDR's cost as a ledger CHARGE keyed by the CDR key
 * @param catchAll the account that takes the CDRs of account codes the grid does not know, or null
 */
public record PostRule(boolean post, String catchAll) implements java.io.Serializable {
    /** History only: nothing is posted (the default). */
    public static final PostRule OFF = new PostRule(false, null);

    public PostRule {
        catchAll = catchAll == null || catchAll.isBlank() ? null : catchAll.trim();
        if (!post && catchAll != null) {
            throw new IllegalArgumentException("a catch-all account needs post=true");
        }
    }

    /** Posting on; account codes the grid does not know are rejected. */
    public static PostRule rejectingUnknown() {
        return new PostRule(true, null);
    }

    /** Posting on; account codes the grid does not know are parked on {@code catchAll}. */
    public static PostRule parkingOn(String catchAll) {
        return new PostRule(true, java.util.Objects.requireNonNull(catchAll, "catchAll"));
    }
}
