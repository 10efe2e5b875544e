package io.fmzbridge.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The API key a stream connection belongs to, for an exchange that streams to a key rather than to
 * anyone (Zerocap signs every handshake with the key's secret). Topics of different credentials never
 * share a connection. Where the bridge shows a connection (logs, health) it shows {@link #alias()},
 * a short hash of the API key: never the key's secret, never a signature.
 */
public final class StreamCredential {

    private final String apiKey;
    private final String secret;
    private final String alias;

    public StreamCredential(String apiKey, String secret) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.alias = "key " + HexFormat.of().formatHex(sha256(apiKey), 0, 4);
    }

    public String apiKey() {
        return apiKey;
    }

    public String secret() {
        return secret;
    }

    /** {@code key 1a2b3c4d}: which key, without showing it. */
    public String alias() {
        return alias;
    }

    /** The same key with another secret is another credential: a wrong secret never rides on a good connection. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StreamCredential that && apiKey.equals(that.apiKey) && secret.equals(that.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiKey, secret);
    }

    @Override
    public String toString() {
        return alias;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
