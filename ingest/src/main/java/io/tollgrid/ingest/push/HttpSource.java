package io.tollgrid.ingest.push;

import io.tollgrid.ingest.files.FileSource;

import java.util.Objects;

/**
 * A switch that posts one CDR document per call to {@code POST /v1/cdrs/ID}.
 *
 * @param billing the document format and how its CDRs are priced and kept, as a file source's
 * @param key     the source's secret, sent as {@code Authorization: Bearer KEY} or as the password of Basic
 *                authentication (what FreeSWITCH's {@code cred} sends)
 */
public record HttpSource(FileSource billing, String key) {
    static final int MIN_KEY_CHARS = 16;

    public HttpSource {
        Objects.requireNonNull(billing, "billing");
        if (key == null || key.length() < MIN_KEY_CHARS || key.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("HTTP source " + billing.id() + " needs a key of at least " + MIN_KEY_CHARS
                    + " printable ASCII characters");
        }
    }

    public String id() {
        return billing.id();
    }

    @Override
    public String toString() {
        return "HttpSource[" + billing.id() + ", key=***]";
    }
}
