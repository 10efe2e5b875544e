package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Client order ids that make placement idempotent. With FMZ's nonce the id is a digest of the
 * caller, the nonce and the order, so the same FMZ request retried gets the same id and the bridge
 * (and the exchange) can tell it was already sent. Without a nonce nothing identifies a retry, and
 * two identical orders a strategy really means to place must not collide: the id is random.
 */
public final class ClientOrderIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientOrderIds() {
    }

    /** {@code fmz} and lower-case hex, {@code length} characters in all (OKX: 32 alphanumerics). */
    public static String hex(FmzRequest request, int length) {
        return "fmz" + HexFormat.of().formatHex(digest(request)).substring(0, length - 3);
    }

    /** A number below 2^32, for exchanges whose client ids are uint32 (Backpack). */
    public static long uint32(FmzRequest request) {
        byte[] d = digest(request);
        return ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
    }

    private static byte[] digest(FmzRequest request) {
        if (request.nonce() == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return random;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String identity = String.join("\n", request.exchange(), request.accessKey(), request.nonce(),
                    request.method(), request.params().toString());
            return sha256.digest(identity.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
