package io.fmzbridge.exchange.kraken;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.IncreasingNonces;
import io.fmzbridge.sign.RequestSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken spot REST authentication (docs.kraken.com, "Spot REST authentication"): the form body starts
 * with {@code nonce=<n>}, {@code API-Key} carries the public key and
 * {@code API-Sign = Base64(HMAC-SHA512(Base64Decode(secret), path + SHA256(nonce + postdata)))}.
 * The nonce is the millisecond clock, kept increasing per key: Kraken refuses a nonce not above the
 * last one it saw for the key ({@code EAPI:Invalid nonce}).
 */
public final class KrakenSigner implements RequestSigner {

    static final String FORM = "application/x-www-form-urlencoded";

    private final IncreasingNonces nonces = new IncreasingNonces();

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the Kraken API key in the exchange's Access Key on FMZ");
        }
        byte[] secret = decodeSecret(secretKey);
        return sign(call, accessKey.trim(), secret, nonces.next(accessKey.trim(), now.toEpochMilli()));
    }

    /** A nonce below the key's last is refused, so calls on a key must arrive in nonce order. */
    @Override
    public boolean needsNonceOrder() {
        return true;
    }

    /** The pure scheme: {@code call}'s form body with the nonce put first, signed. */
    static RestCall sign(RestCall call, String apiKey, byte[] secret, long nonce) {
        String postdata = "nonce=" + nonce + (call.body().isEmpty() ? "" : "&" + call.body());
        String signature = apiSign(secret, call.path(), nonce, postdata);
        return new RestCall(call.verb(), call.path(), call.query(), postdata, call.headers())
                .header("Content-Type", FORM)
                .header("API-Key", apiKey)
                .header("API-Sign", signature);
    }

    static String apiSign(byte[] secret, String path, long nonce, String postdata) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((nonce + postdata).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret, "HmacSHA512"));
            mac.update(path.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA512 are part of every JVM", e);
        }
    }

    static byte[] decodeSecret(String secretKey) {
        try {
            byte[] secret = Base64.getDecoder().decode(secretKey.trim());
            if (secret.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new FmzError("secret_key must be the Kraken API private key exactly as Kraken shows it (base64)");
        }
    }
}
