package io.tollgrid.grid.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** API keys are stored and looked up by their SHA-256, never in clear. */
public final class ApiKeys {
    /** Shorter keys are refused: they could be guessed. */
    public static final int MIN_LENGTH = 16;

    private ApiKeys() {
    }

    public static String digest(String apiKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
