package io.tollgrid.grid.principal;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashing with Argon2id (BouncyCastle), stored as a PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}). The cost is OWASP's minimum for Argon2id: 19 MiB of
 * memory, two passes, one lane. A stored hash carries its own parameters, so raising them later still verifies
 * the old ones.
 */
public final class Passwords {
    /** Shorter passwords are refused. */
    public static final int MIN_LENGTH = 12;
    /** Longer ones too: hashing is memory-hard, but nobody types more. */
    public static final int MAX_LENGTH = 256;
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** Verified against when the principal is unknown, so an unknown id takes as long as a wrong password. */
    private static final String DECOY = hash("decoy-password-never-matches");

    private Passwords() {
    }

    public static void checkAcceptable(String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a password is " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
    }

    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /** True when the password matches the stored PHC string; false for anything malformed. */
    public static boolean verify(String password, String stored) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        String phc = stored == null ? DECOY : stored;
        try {
            String[] parts = phc.split("\\$");
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return false;
            }
            int memory = 0;
            int iterations = 0;
            int lanes = 0;
            for (String setting : parts[3].split(",")) {
                int value = Integer.parseInt(setting.substring(2));
                switch (setting.substring(0, 2)) {
                    case "m=" -> memory = value;
                    case "t=" -> iterations = value;
                    case "p=" -> lanes = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            byte[] actual = argon2(password, salt, memory, iterations, lanes, expected.length);
            return MessageDigest.isEqual(expected, actual) && stored != null;
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
