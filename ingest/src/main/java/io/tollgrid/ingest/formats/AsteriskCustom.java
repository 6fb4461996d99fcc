package io.tollgrid.ingest.formats;

import java.time.ZoneId;

/**
 * Asterisk {@code cdr_custom}: the columns are whatever the PBX's cdr_custom.conf mapping says, so the
 * source is configured with that mapping line as written ({@code "${CDR(clid)}","${CDR(src)}",...} or the
 * {@code ${CSV_QUOTE(${CDR(src)})}} form). Fields: accountcode, src, dst, start, answer, end, duration,
 * billsec, disposition, uniqueid, sequence, dstchannel (src, dst, start, end, duration, billsec and
 * disposition required); any other column is read past.
 */
public final class AsteriskCustom {
    public static final String FORMAT = "asterisk-custom";

    private AsteriskCustom() {
    }

    /** @throws IllegalArgumentException when the template lacks a field every CDR needs (a configuration error) */
    public static LineParser parser(ZoneId zone, String template) {
        return new TemplateCsv(FORMAT, CsvTemplate.parse(template, CsvTemplate.Dialect.ASTERISK), zone, false);
    }
}
