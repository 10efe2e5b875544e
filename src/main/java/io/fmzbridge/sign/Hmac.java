package io.fmzbridge.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over UTF-8 text, the primitive most exchanges' schemes are built from. */
public final class Hmac {

    private Hmac() {
    }

    /** @param algorithm a JCA name: HmacSHA256, HmacSHA384, HmacSHA512 */
    public static byte[] sign(String algorithm, byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }

    public static byte[] sign(String algorithm, String key, String message) {
        return sign(algorithm, key.getBytes(StandardCharsets.UTF_8), message);
    }
}
