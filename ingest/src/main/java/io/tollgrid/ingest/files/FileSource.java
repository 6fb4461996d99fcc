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
 * @param directory  holds {@code incoming/} (files to take) and {@code done/} (files taken)
 * @param freeFeatureCodes an answered call to a feature code ({@code *1003}) is kept at cost 0 rather than
 *                         rejected as UNRATED
 */
public record FileSource(String id, LineParser parser, String tenant, AccountRule accounts, String plan, String currency,
                         String dialSource, DialRule dialRule, Path directory, boolean freeFeatureCodes) {
    /** A source that rejects answered feature codes (the default). */
    public FileSource(String id, LineParser parser, String tenant, AccountRule accounts, String plan, String currency,
                      String dialSource, DialRule dialRule, Path directory) {
        this(id, parser, tenant, accounts, plan, currency, dialSource, dialRule, directory, false);
    }

    public FileSource {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(directory, "directory");
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
    }

    public Path incoming() {
        return directory.resolve("incoming");
    }

    public Path done() {
        return directory.resolve("done");
    }
}
