package io.tollgrid.ingest.formats;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A CSV format whose columns a {@link CsvTemplate} names: FreeSWITCH {@code mod_cdr_csv} (its default
 * template or the source's own) and Asterisk {@code cdr_custom}.
 *
 * @param bLegByBlegUuid FreeSWITCH {@code legs=ab} with a template that has no {@code ${direction}}: a line
 *                       whose bleg_uuid is set is the B leg of the call that uuid names
 */
public record TemplateCsv(String format, CsvTemplate template, ZoneId zone, boolean bLegByBlegUuid) implements LineParser {
    public TemplateCsv {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(template, "template");
        Columns.requireZone(zone);
    }

    @Override
    public SwitchCdr parse(String line) throws RejectedLine {
        return template.read(Columns.split(line), zone, bLegByBlegUuid);
    }
}
