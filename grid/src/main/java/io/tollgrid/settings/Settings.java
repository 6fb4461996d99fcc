package io.tollgrid.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Raw key/value settings. A key such as {@code gateway.http.port} is read from, in order of precedence:
 * a -D system property of the same name, the environment variable {@code TOLLGRID_GATEWAY_HTTP_PORT},
 * then the properties file. Errors name the key.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** Loads the file (if given), then applies environment and system-property overrides. */
    public static Settings load(Path file, Map<String, String> env, Properties system) {
        Map<String, String> merged = new HashMap<>();
        if (file != null) {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                fromFile.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read settings file " + file, e);
            }
            fromFile.stringPropertyNames().forEach(key -> merged.put(key, fromFile.getProperty(key).trim()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith("TOLLGRID_")) {
                merged.put(name.substring("TOLLGRID_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        system.stringPropertyNames().stream().filter(key -> key.startsWith("tollgrid."))
                .forEach(key -> merged.put(key.substring("tollgrid.".length()), system.getProperty(key)));
        return new Settings(merged);
    }

    /** Loads from the file named by the first argument, if any, plus the overrides. */
    public static Settings fromArgs(String[] args) {
        return load(args.length > 0 ? Path.of(args[0]) : null, System.getenv(), System.getProperties());
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    public String string(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public String requiredString(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new SettingsException(key, "is required");
        }
        return value.trim();
    }

    public int integer(String key, int fallback, int min, int max) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "must be a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new SettingsException(key, "must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    public long longValue(String key, long fallback, long min, long max) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "must be a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new SettingsException(key, "must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    public boolean bool(String key, boolean fallback) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SettingsException(key, "must be true or false, not '" + value + "'");
        };
    }
}
