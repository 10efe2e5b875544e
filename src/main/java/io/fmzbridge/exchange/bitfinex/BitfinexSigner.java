package io.fmzbridge.exchange.bitfinex;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.Hmac;
import io.fmzbridge.sign.PersistedNonces;
import io.fmzbridge.sign.RequestSigner;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Bitfinex v2 authenticated REST (docs.bitfinex.com/docs/rest-auth): a POST with a JSON body ({@code {}}
 * when empty) and the headers {@code bfx-apikey}, {@code bfx-nonce} and
 * {@code bfx-signature = hex(HMAC-SHA384(secret, "/api" + path + nonce + body))}. The nonce is the clock
 * in microseconds, as Bitfinex's own examples use, kept strictly increasing per key: once a key has
 * seen a nonce, Bitfinex refuses any smaller one ({@code 10114 nonce: small}), across restarts too.
 * So the clock is the later of the host's and Bitfinex's as measured, and the nonces are
 * {@link PersistedNonces}: a restarted bridge goes on above the last run's, whatever the clocks say.
 */
public final class BitfinexSigner implements RequestSigner {

    /** Each key's highest nonce is kept in this file of the state folder. */
    static final String NONCE_FILE = "bitfinex-nonces.properties";
    /** How far ahead of the last nonce the kept ceiling lies: 10 s of microseconds, one write per 10 s. */
    static final long NONCE_LEASE = 10_000_000L;

    private final PersistedNonces nonces;
    private final Clock host;

    /** Nonces kept in {@code stateDirectory} ({@code fmz.state.dir}; blank: the default folder). */
    public BitfinexSigner(String stateDirectory) {
        this(new PersistedNonces(stateDirectory, NONCE_FILE, NONCE_LEASE), Clock.systemUTC());
    }

    /** Nonces kept in memory only: for tests. */
    public BitfinexSigner() {
        this(PersistedNonces.inMemory(), Clock.systemUTC());
    }

    BitfinexSigner(PersistedNonces nonces, Clock host) {
        this.nonces = nonces;
        this.host = host;
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the Bitfinex API key in the exchange's Access Key on FMZ");
        }
        if (secretKey.isBlank()) {
            throw new FmzError("missing secret_key: put the Bitfinex API secret in the exchange's Secret Key on FMZ");
        }
        Instant hostNow = host.instant();
        Instant latest = hostNow.isAfter(now) ? hostNow : now;
        long micros = Math.addExact(Math.multiplyExact(latest.getEpochSecond(), 1_000_000L), latest.getNano() / 1000);
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
