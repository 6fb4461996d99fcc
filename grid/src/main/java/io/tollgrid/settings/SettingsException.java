package io.tollgrid.settings;

/** A setting is missing or invalid; the message names the key so an operator can fix it. */
public final class SettingsException extends RuntimeException {
    private final String key;

    public SettingsException(String key, String problem) {
        super("setting '" + key + "' " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
