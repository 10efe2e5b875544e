package io.fmzbridge.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An alias's own secret, which FMZ's Secret Key field holds: without it the alias alone, a
 * guessable name, would be enough to trade with the stored keys. Only its SHA-256 is kept (inside
 * the vault's encrypted entry), and a presented secret is compared by its own SHA-256 with
 * {@link MessageDigest#isEqual}: two 32-byte values compared in full, so neither how much of a
 * guess is right nor the secret's length shows in the time a refusal takes. A plain hash is
 * enough: whoever could read the digest has decrypted the vault, and with it the keys themselves.
 */
public final class AliasSecret {

    /** A chosen secret shorter than this is refused: the lock-out slows guessing, it does not make "1234" safe. */
    public static final int MIN_LENGTH = 16;
    private static final int DIGEST_BYTES = 32;
    private static final int GENERATED_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] digest;

    private AliasSecret(byte[] digest) {
        this.digest = digest;
    }

    /** The secret as a user chose it, or a {@link VaultException} when it is too short to stand guessing. */
    public static AliasSecret chosen(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new VaultException("an alias secret has at least " + MIN_LENGTH
                    + " characters; leave it empty to have a strong one made");
        }
        return new AliasSecret(digestOf(secret));
    }

    /** A new secret: 256 random bits as 43 URL-safe characters, which FMZ's field takes as they are. */
    public static String generate() {
        byte[] random = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Whether the secret an FMZ call presents is this one; in the same time whatever it holds. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, digestOf(presented == null ? "" : presented));
    }

    /** The digest as the vault entry stores it. */
    String stored() {
        return Base64.getEncoder().encodeToString(digest);
    }

    /** The digest a vault entry stored, or a {@link VaultException} when it is not one. */
    static AliasSecret fromStored(String stored) {
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new VaultException("a vault entry holds an unreadable alias secret");
        }
        if (digest.length != DIGEST_BYTES) {
            throw new VaultException("a vault entry holds an unreadable alias secret");
        }
        return new AliasSecret(digest);
    }

    private static byte[] digestOf(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AliasSecret that && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** Not even the digest: a log line has no use for it. */
    @Override
    public String toString() {
        return "AliasSecret[set]";
    }
}
