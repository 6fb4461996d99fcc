package io.tollgrid.ingest.files;

import io.tollgrid.ingest.formats.AsteriskCsv;
import io.tollgrid.ingest.formats.AsteriskCustom;
import io.tollgrid.ingest.formats.CiscoCucmCsv;
import io.tollgrid.ingest.formats.ColumnMapping;
import io.tollgrid.ingest.formats.FreeSwitchCsv;
import io.tollgrid.ingest.formats.FreeSwitchJson;
import io.tollgrid.ingest.formats.GenericCsv;
import io.tollgrid.ingest.formats.KamailioAccCdr;
import io.tollgrid.ingest.formats.LineParser;
import io.tollgrid.ingest.formats.YeastarCsv;
import io.tollgrid.rating.prefix.DialRule;
import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The file sources of an ingest process. Keys ({@code ID} is a name from {@code ingest.files.sources}):
 * <pre>
 * ingest.files.dir          root; source ID reads ROOT/ID/incoming and moves files to ROOT/ID/done
 * ingest.files.sources      comma-separated source ids; none (the default) runs no file job
 * ingest.files.poll.ms      how often an idle source lists its directory (500)
 * ingest.files.settle.ms    a file is taken once it has not changed for this long (2000)
 * ingest.files.ID.format    asterisk-csv | asterisk-custom | freeswitch-csv | freeswitch-json | kamailio-acc | yeastar-csv
 *                           | cisco-cucm | generic-csv
 * ingest.files.ID.fields    kamailio-acc: the acc CDR names that differ from the defaults, e.g. caller=c1,callee=c2
 * ingest.files.ID.layout    asterisk-csv: auto (per line, the default), 16..21, or e.g. uniqueid+userfield+newcdrcolumns
 * ingest.files.ID.template  asterisk-custom (required): the cdr_custom.conf mapping line; freeswitch-csv: the
 *                           mod_cdr_csv template (default: FreeSWITCH's default template)
 * ingest.files.ID.legs      freeswitch-csv: a (default) | ab (a line with bleg_uuid and no ${direction} is a B leg)
 * ingest.files.ID.extension.digits  the longest extension number (default 6; 0: none); docs/cdr-files.md
 * ingest.files.ID.feature.codes  reject (default: an answered *1003 is UNRATED) | free (kept at cost 0)
 * ingest.files.ID.tenant, .plan, .currency (EUR), .zone (the switch's time zone; required for local times)
 * ingest.files.ID.account.from  fixed (default) | record (the line's account code)
 * ingest.files.ID.account   the fixed account; with account.from=record, the fallback for lines without one
 * ingest.files.ID.dial.source   the deck's normalisation rule to apply (default: ID)
 * ingest.files.ID.dial.strip / .dial.international / .dial.national / .dial.country   a rule of the source's own
 * ingest.files.ID.columns, .time.format (epoch | iso | a pattern), .header.lines   generic-csv only
 * ingest.files.ID.post      false (default: history only) | true (each CDR's cost posted to its account in the ledger)
 * ingest.files.ID.post.catchall  with post=true: the account that takes CDRs whose account the grid does not know
 *                           (default: none, they are rejected UNKNOWN_ACCOUNT)
 * ingest.files.ID.retention.seconds  TTL of the source's rows (default: ingest.retention.tenant.T.seconds, else
 *                           ingest.retention.seconds, else 15552000 = 6 months; 0 = forever)
 * </pre>
 */
public record FileIngestSettings(Path dir, long pollMillis, long settleMillis, List<FileSource> sources) {
    public static final FileIngestSettings NONE = new FileIngestSettings(Path.of("cdr-files"), 500, 2_000, List.of());

    public FileIngestSettings {
        sources = List.copyOf(sources);
        if (sources.stream().map(FileSource::id).distinct().count() != sources.size()) {
            throw new IllegalArgumentException("source ids must be distinct");
        }
    }

    public boolean enabled() {
        return !sources.isEmpty();
    }

    public static FileIngestSettings from(Settings settings) {
        String names = settings.string("ingest.files.sources", "");
        Path dir = Path.of(settings.string("ingest.files.dir", "cdr-files")).toAbsolutePath();
        List<FileSource> sources = new ArrayList<>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                sources.add(source(settings, name.trim(), dir));
            }
        }
        return new FileIngestSettings(dir, settings.longValue("ingest.files.poll.ms", 500, 10, 60_000),
                settings.longValue("ingest.files.settle.ms", 2_000, 0, 3_600_000), sources);
    }

    private static FileSource source(Settings settings, String id, Path dir) {
        return source(settings, "ingest.files", id, dir.resolve(id));
    }

    /**
     * One source's format, tenant, plan, accounts, dial rule, feature codes and retention, from the keys
     * {@code ROOT.ID.*} (the file sources' {@code ingest.files}, or a push source's root); errors name the key.
     *
     * @param directory the file source's directory, or null for a push source
     */
    public static FileSource source(Settings settings, String root, String id, Path directory) {
        String prefix = root + "." + id + ".";
        String zoneName = settings.string(prefix + "zone", "");
        ZoneId zone;
        try {
            zone = zoneName.isEmpty() ? null : ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new SettingsException(prefix + "zone", "is not a time zone: " + zoneName);
        }
        String format = settings.requiredString(prefix + "format");
        LineParser parser = switch (format) {
            case AsteriskCsv.FORMAT -> AsteriskCsv.parser(required(zone, prefix), layout(settings, prefix));
            case AsteriskCustom.FORMAT -> template(prefix, () -> AsteriskCustom.parser(required(zone, prefix),
                    settings.requiredString(prefix + "template")));
            case FreeSwitchCsv.FORMAT -> template(prefix, () -> FreeSwitchCsv.parser(required(zone, prefix),
                    settings.string(prefix + "template", null), legsAb(settings, prefix)));
            case KamailioAccCdr.FORMAT -> {
                ZoneId switchZone = required(zone, prefix);
                try {
                    yield KamailioAccCdr.parser(switchZone, settings.string(prefix + "fields", null));
                } catch (IllegalArgumentException e) {
                    throw new SettingsException(prefix + "fields", e.getMessage());
                }
            }
            case YeastarCsv.FORMAT -> YeastarCsv.parser(required(zone, prefix));
            case GenericCsv.FORMAT -> generic(settings, prefix, zone);
            case CiscoCucmCsv.FORMAT -> CiscoCucmCsv.parser();
            // Epoch times need no zone; a document with stamps only is rejected without one.
            case FreeSwitchJson.FORMAT -> new FreeSwitchJson(zone);
            default -> throw new SettingsException(prefix + "format",
                    "must be asterisk-csv, asterisk-custom, freeswitch-csv, freeswitch-json, kamailio-acc, yeastar-csv,"
                            + " cisco-cucm or generic-csv, not " + format);
        };
        String featureCodes = settings.string(prefix + "feature.codes", "reject");
        if (!featureCodes.equals("reject") && !featureCodes.equals("free")) {
            throw new SettingsException(prefix + "feature.codes", "must be reject or free, not " + featureCodes);
        }
        String from = settings.string(prefix + "account.from", "fixed");
        AccountRule accounts = switch (from) {
            case "fixed" -> AccountRule.fixed(settings.requiredString(prefix + "account"));
            case "record" -> AccountRule.fromRecord(settings.string(prefix + "account", null));
            default -> throw new SettingsException(prefix + "account.from", "must be fixed or record, not " + from);
        };
        String tenant = settings.requiredString(prefix + "tenant");
        String post = settings.string(prefix + "post", "false");
        if (!post.equals("true") && !post.equals("false")) {
            throw new SettingsException(prefix + "post", "must be true or false, not " + post);
        }
        String catchAll = settings.string(prefix + "post.catchall", "");
        if (post.equals("false") && !catchAll.isBlank()) {
            throw new SettingsException(prefix + "post.catchall", "is used only with " + prefix + "post=true");
        }
        PostRule posting = post.equals("true") ? new PostRule(true, catchAll) : PostRule.OFF;
        try {
            return new FileSource(id, parser, tenant, accounts,
                    settings.requiredString(prefix + "plan"), settings.string(prefix + "currency", "EUR"),
                    settings.string(prefix + "dial.source", id), dialRule(settings, prefix, id), directory,
                    featureCodes.equals("free"), Retention.ofSource(settings, prefix, tenant), posting,
                    settings.integer(prefix + "extension.digits", Extensions.DEFAULT_DIGITS, 0, Extensions.MAX_DIGITS));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(prefix + "*", e.getMessage());
        }
    }

    private static AsteriskCsv.Layout layout(Settings settings, String prefix) {
        try {
            return AsteriskCsv.Layout.parse(settings.string(prefix + "layout", "auto"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(prefix + "layout", e.getMessage());
        }
    }

    private static boolean legsAb(Settings settings, String prefix) {
        String legs = settings.string(prefix + "legs", "a");
        if (!legs.equals("a") && !legs.equals("ab")) {
            throw new SettingsException(prefix + "legs", "must be a or ab, not " + legs);
        }
        return legs.equals("ab");
    }

    /** A template that lacks a field every CDR needs stops the start, naming the key. */
    private static LineParser template(String prefix, java.util.function.Supplier<LineParser> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(prefix + "template", e.getMessage());
        }
    }

    private static ZoneId required(ZoneId zone, String prefix) {
        if (zone == null) {
            throw new SettingsException(prefix + "zone", "is required: the format writes local times");
        }
        return zone;
    }

    private static LineParser generic(Settings settings, String prefix, ZoneId zone) {
        ColumnMapping mapping;
        try {
            mapping = ColumnMapping.parse(settings.requiredString(prefix + "columns"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(prefix + "columns", e.getMessage());
        }
        String timeFormat = settings.string(prefix + "time.format", GenericCsv.ISO);
        try {
            return new GenericCsv(mapping, timeFormat, zone, settings.integer(prefix + "header.lines", 0, 0, FileChunk.LINES));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(prefix + "time.format", e.getMessage());
        }
    }

    private static DialRule dialRule(Settings settings, String prefix, String id) {
        String strip = settings.string(prefix + "dial.strip", "");
        String international = settings.string(prefix + "dial.international", "");
        String national = settings.string(prefix + "dial.national", "");
        String country = settings.string(prefix + "dial.country", "");
        if (strip.isEmpty() && international.isEmpty() && national.isEmpty() && country.isEmpty()) {
            return null;
        }
        try {
            return new DialRule(id, strip, international, national, country);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(prefix + "dial.*", e.getMessage());
        }
    }
}
