package io.tollgrid.ingest.files;

import io.tollgrid.ingest.formats.LineParser;
import io.tollgrid.rating.prefix.DialRule;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One directory of CDR files from one switch or PBX, and how its CDRs are billed.
 *
 * @param id         names the source in the archive, the rejects and the metrics; also the directory name
 * @param parser     the file format
 * @param plan       the rate plan every CDR is priced with (a plan of the active deck, else a flat-rate plan)
 * @param currency   written on each CDR
 * @param dialSource the deck's normalisation rule (normalisation.csv source) for numbers from this source
 * @param dialRule   a rule of the source's own, used instead of the deck's; null for none
 * @param directory  holds {@code incoming/} (files to take) and {@code done/} (files taken); null for a source
 *                   that pushes its CDRs (TCP or HTTP, {@code io.tollgrid.ingest.push}), which is priced and
 *                   stored the same way but reads no directory
 * @param freeFeatureCodes an answered call to a feature code ({@code *1003}) is kept at cost 0 rather than
 *                         rejected as UNRATED
 * @param retentionSeconds the TTL of every row this source writes (archive, rejects, CDRs); 0 keeps them forever
 * @param posting    whether its CDRs are posted to the ledger, and where unknown account codes go ({@link PostRule})
 * @param extensionDigits the longest number that is an extension of the PBX (0: the source has none): a caller
 *                        this short made the call (outbound, from that extension), else a callee this short took it
 *                        (inbound, to that extension); see {@link Extensions}
 */
public record FileSource(String id, LineParser parser, String tenant, AccountRule accounts, String plan, String currency,
                         String dialSource, DialRule dialRule, Path directory, boolean freeFeatureCodes,
                         int retentionSeconds, PostRule posting, int extensionDigits) {
    /** Extensions of up to {@value Extensions#DEFAULT_DIGITS} digits. */
    public FileSource(String id, LineParser parser, String tenant, AccountRule accounts, String plan, String currency,
                      String dialSource, DialRule dialRule, Path directory, boolean freeFeatureCodes,
                      int retentionSeconds, PostRule posting) {
        this(id, parser, tenant, accounts, plan, currency, dialSource, dialRule, directory, freeFeatureCodes,
                retentionSeconds, posting, Extensions.DEFAULT_DIGITS);
    }

    /** History only: nothing posted to the ledger. */
    public FileSource(String id, LineParser parser, String tenant, AccountRule accounts, String plan, String currency,
                      String dialSource, DialRule dialRule, Path directory, boolean freeFeatureCodes,
                      int retentionSeconds) {
        this(id, parser, tenant, accounts, plan, currency, dialSource, dialRule, directory, freeFeatureCodes,
                retentionSeconds, PostRule.OFF);
    }

    /** A source that rejects answered feature codes (the default), its rows kept for the default retention. */
    public FileSource(String id, LineParser parser, String tenant, AccountRule accounts, String plan, String currency,
                      String dialSource, DialRule dialRule, Path directory) {
        this(id, parser, tenant, accounts, plan, currency, dialSource, dialRule, directory, false, Retention.DEFAULT_SECONDS);
    }

    /** Rows kept for the default retention. */
    public FileSource(String id, LineParser parser, String tenant, AccountRule accounts, String plan, String currency,
                      String dialSource, DialRule dialRule, Path directory, boolean freeFeatureCodes) {
        this(id, parser, tenant, accounts, plan, currency, dialSource, dialRule, directory, freeFeatureCodes,
                Retention.DEFAULT_SECONDS);
    }

    public FileSource {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(accounts, "accounts");
        posting = posting == null ? PostRule.OFF : posting;
        if (retentionSeconds < 0 || retentionSeconds > Retention.MAX_SECONDS) {
            throw new IllegalArgumentException("source " + id + ": a retention is 0 (forever) to " + Retention.MAX_SECONDS
                    + " s, not " + retentionSeconds);
        }
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("a source id is 1-64 letters, digits, '.', '_' or '-': " + id);
        }
        if (tenant == null || tenant.isBlank() || plan == null || plan.isBlank()) {
            throw new IllegalArgumentException("source " + id + " needs a tenant and a plan");
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("source " + id + " needs a three-letter currency code, not " + currency);
        }
        if (dialSource == null || dialSource.isBlank()) {
            dialSource = id;
        }
        if (extensionDigits < 0 || extensionDigits > Extensions.MAX_DIGITS) {
            throw new IllegalArgumentException("source " + id + ": extensions have 0 (none) to " + Extensions.MAX_DIGITS
                    + " digits, not " + extensionDigits);
        }
    }

    /** This source with another retention. */
    public FileSource withRetention(int seconds) {
        return new FileSource(id, parser, tenant, accounts, plan, currency, dialSource, dialRule, directory,
                freeFeatureCodes, seconds, posting, extensionDigits);
    }

    /** This source with another posting rule. */
    public FileSource withPosting(PostRule rule) {
        return new FileSource(id, parser, tenant, accounts, plan, currency, dialSource, dialRule, directory,
                freeFeatureCodes, retentionSeconds, rule, extensionDigits);
    }

    public Path incoming() {
        return directory.resolve("incoming");
    }

    public Path done() {
        return directory.resolve("done");
    }
}
