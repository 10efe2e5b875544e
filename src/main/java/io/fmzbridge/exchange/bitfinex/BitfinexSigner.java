package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.Hmac;
import io.fmzbridge.sign.IncreasingNonces;
import io.fmzbridge.sign.RequestSigner;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Bitfinex v2 authenticated REST (docs.bitfinex.com/docs/rest-auth): a POST with a JSON body ({@code {}}
 * when empty) and the headers {@code bfx-apikey}, {@code bfx-nonce} and
 * {@code bfx-signature = hex(HMAC-SHA384(secret, "/api" + path + nonce + body))}. The nonce is the clock
 * in microseconds, as Bitfinex's own examples use, kept strictly increasing per key: once a key has
 * seen a nonce, Bitfinex refuses any smaller one ({@code 10114 nonce: small}), across restarts too.
 */
public final class BitfinexSigner implements RequestSigner {

    private final IncreasingNonces nonces = new IncreasingNonces();

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the Bitfinex API key in the exchange's Access Key on FMZ");
        }
        if (secretKey.isBlank()) {
            throw new FmzError("missing secret_key: put the Bitfinex API secret in the exchange's Secret Key on FMZ");
        }
        long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
        return sign(call, accessKey.trim(), secretKey.trim(), nonces.next(accessKey.trim(), micros));
    }

    /** A nonce below the key's last is refused, so calls on a key must arrive in nonce order. */
    @Override
    public boolean needsNonceOrder() {
        return true;
    }

    /** The pure scheme. */
    static RestCall sign(RestCall call, String apiKey, String secret, long nonce) {
        String body = call.body().isEmpty() ? "{}" : call.body();
        String signature = signature(secret, "/api" + call.path() + nonce + body);
        return new RestCall(call.verb(), call.path(), call.query(), body, call.headers())
                .header("Content-Type", "application/json")
                .header("bfx-apikey", apiKey)
                .header("bfx-nonce", String.valueOf(nonce))
                .header("bfx-signature", signature);
    }

    /** The secret is used as its UTF-8 bytes, not decoded. */
    static String signature(String secret, String payload) {
        return HexFormat.of().formatHex(Hmac.sign("HmacSHA384", secret, payload));
    }
}
