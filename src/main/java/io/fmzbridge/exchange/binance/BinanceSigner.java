package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.Hmac;
import io.fmzbridge.sign.RequestSigner;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Binance Spot SIGNED requests (rest-api.md, "SIGNED Endpoint Examples", HMAC keys): {@code recvWindow}
 * and {@code timestamp} (ms) join the query, {@code signature = hex(HMAC-SHA256(secret, query + body))}
 * over the exact, already percent-encoded bytes that are sent, and is appended to the query as its last
 * parameter; the API key travels in {@code X-MBX-APIKEY}. FMZ's Secret Key is the plain API secret.
 */
public final class BinanceSigner implements RequestSigner {

    /** Binance's own default; the documented maximum is 60000. */
    public static final long DEFAULT_RECV_WINDOW_MS = 5000;
    private static final long MAX_RECV_WINDOW_MS = 60_000;

    private final long recvWindowMs;

    public BinanceSigner() {
        this(DEFAULT_RECV_WINDOW_MS);
    }

    /** @param recvWindowMs how long after {@code timestamp} Binance may still accept the request, 1..60000 */
    public BinanceSigner(long recvWindowMs) {
        if (recvWindowMs < 1 || recvWindowMs > MAX_RECV_WINDOW_MS) {
            throw new IllegalArgumentException("Binance recvWindow must be 1..60000 ms, got " + recvWindowMs);
        }
        this.recvWindowMs = recvWindowMs;
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the Binance API key in the exchange's Access Key on FMZ");
        }
        String secret = secretKey.trim();
        if (secret.isEmpty()) {
            throw new FmzError("missing secret_key: put the Binance API secret in the exchange's Secret Key on FMZ");
        }
        if (secret.contains(",")) {
            // an OKX habit ("secret,passphrase"): Binance has no passphrase, and a comma is never in its secrets
            throw new FmzError("secret_key for Binance is the plain API secret, without a passphrase or commas");
        }
        RestCall stamped = call.param("recvWindow", recvWindowMs).param("timestamp", now.toEpochMilli());
        return stamped.param("signature", signature(secret, stamped.query() + stamped.body()))
                .header("X-MBX-APIKEY", accessKey.trim());
    }

    /** Lower-case hex of HMAC-SHA256 over the payload; Binance compares it case-insensitively. */
    static String signature(String secret, String payload) {
        return HexFormat.of().formatHex(Hmac.sign("HmacSHA256", secret, payload));
    }
}
