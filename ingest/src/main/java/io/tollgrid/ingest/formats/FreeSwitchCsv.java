package io.tollgrid.ingest.formats;

import java.time.ZoneId;
import java.util.Arrays;

/**
 * FreeSWITCH {@code mod_cdr_csv}. By default its default template: caller_id_name, caller_id_number,
 * destination_number, context, start_stamp, answer_stamp, end_stamp, duration, billsec, hangup_cause, uuid,
 * bleg_uuid, accountcode, read_codec, write_codec; or the source's own template as cdr_csv.conf.xml writes it
 * ({@code "${caller_id_number}","${destination_number}",...}). Stamps are the switch's local time (or
 * {@code *_epoch}); the disposition comes from the hang-up cause, answered whenever billsec is positive.
 */
public final class FreeSwitchCsv {
    public static final String FORMAT = "freeswitch-csv";
    static final CsvTemplate DEFAULT = CsvTemplate.of("FreeSWITCH default template", CsvTemplate.Dialect.FREESWITCH,
            Arrays.asList("caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp",
                    "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid",
                    "accountcode", "read_codec", "write_codec"));

    private FreeSwitchCsv() {
    }

    /** The default template, A legs only ({@code legs=a}, FreeSWITCH's default). */
    public static LineParser parser(ZoneId zone) {
        return new TemplateCsv(FORMAT, DEFAULT, zone, false);
    }

    /**
     * @param template null for the default template
     * @param legsAb   the switch writes {@code legs=ab}: without a {@code ${direction}} column, a line whose
     *                 bleg_uuid is set is a B leg
     * @throws IllegalArgumentException when the template lacks a field every CDR needs (a configuration error)
     */
    public static LineParser parser(ZoneId zone, String template, boolean legsAb) {
        CsvTemplate layout = template == null || template.isBlank() ? DEFAULT
                : CsvTemplate.parse(template, CsvTemplate.Dialect.FREESWITCH);
        return new TemplateCsv(FORMAT, layout, zone, legsAb);
    }
}
