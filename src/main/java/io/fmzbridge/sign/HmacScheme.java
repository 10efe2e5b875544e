package io.fmzbridge.sign;

import io.fmzbridge.fmz.FmzError;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;

/**
 * What every HMAC scheme a route file configures shares: the algorithm, how the signature is written
 * and how the request time is. Settings are checked when the route file loads, so a misspelt
 * algorithm stops the bridge at start-up rather than failing the first signed call.
 */
public abstract class HmacScheme implements RequestSigner {

    private String algorithm = "HmacSHA256";
    private boolean base64;
    private TimestampFormat timestamp = TimestampFormat.MILLIS;

    protected HmacScheme(boolean base64) {
        this.base64 = base64;
    }

    /** A JCA name: HmacSHA256 (the default), HmacSHA384, HmacSHA512. */
    public void setAlgorithm(String algorithm) {
        try {
            Mac.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("algorithm must be a JCA HMAC name like HmacSHA256, not '" + algorithm + "'");
        }
        this.algorithm = algorithm;
    }

    /** {@code base64} or {@code hex} (lower case). */
    public void setEncoding(String encoding) {
        switch (encoding.trim().toLowerCase(Locale.ROOT)) {
            case "base64" -> base64 = true;
            case "hex" -> base64 = false;
            default -> throw new IllegalArgumentException("encoding must be base64 or hex, not '" + encoding + "'");
        }
    }

    /** {@code millis}, {@code seconds} or {@code iso-millis}. */
    public void setTimestamp(String format) {
        this.timestamp = TimestampFormat.named(format);
    }

    protected final String timestamp(Instant now) {
        return timestamp.format(now);
    }

    protected final String signature(String secret, String payload) {
        byte[] mac = Hmac.sign(algorithm, secret, payload);
        return base64 ? Base64.getEncoder().encodeToString(mac) : HexFormat.of().formatHex(mac);
    }

    protected static String required(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new FmzError("the signer's '" + property + "' is not set in the exchange's route file");
        }
        return value;
    }
}
