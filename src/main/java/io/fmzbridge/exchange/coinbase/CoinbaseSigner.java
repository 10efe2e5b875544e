package io.fmzbridge.exchange.coinbase;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.KeyPairJwtSigner;
import io.fmzbridge.sign.RequestSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Coinbase Advanced Trade authentication (notes §1.2, the SDK's {@code jwt_generator.build_jwt}):
 * every request carries {@code Authorization: Bearer <JWT>}, a token made for that one request:
 * <pre>
 * header  {"alg":"ES256"|"EdDSA","kid":key name,"nonce":random hex,"typ":"JWT"}
 * payload {"sub":key name,"iss":"cdp","nbf":now,"exp":now+120,"uri":"GET api.coinbase.com/api/v3/brokerage/accounts"}
 * </pre>
 * {@code uri} is the verb, the host and the path, without scheme or query; the host is the one the
 * bridge is configured to call. The algorithm follows the key: ES256 for an EC key, EdDSA for Ed25519.
 * It is the shared {@link KeyPairJwtSigner} with Coinbase's settings, as a route file could declare it.
 */
public final class CoinbaseSigner implements RequestSigner {

    /** Coinbase accepts a token for two minutes after it is made (notes §1.2). */
    static final long LIFETIME_SECONDS = 120;

    private final KeyPairJwtSigner jwt;

    /** @param baseUrl the configured REST base URL, whose host (and port, path) the {@code uri} claim names */
    public CoinbaseSigner(String baseUrl) {
        this(new KeyPairJwtSigner(), baseUrl);
        warmUp();
    }

    CoinbaseSigner(String baseUrl, Supplier<String> nonces) {
        this(new KeyPairJwtSigner(nonces), baseUrl);
    }

    private CoinbaseSigner(KeyPairJwtSigner jwt, String baseUrl) {
        jwt.setKeyNameHeader("kid");
        jwt.setNonceHeader("nonce");
        jwt.setKeyNameClaim("sub");
        jwt.setIssuer("cdp");
        jwt.setLifetimeSeconds(LIFETIME_SECONDS);
        jwt.setUri("{verb} {host}{path}");
        try {
            jwt.setBaseUrl(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fmz.exchange.coinbase.base-url must be an absolute URL: " + baseUrl);
        }
        this.jwt = jwt;
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the Coinbase API key name (organizations/.../apiKeys/...) in the exchange's Access Key on FMZ");
        }
        return jwt.sign(call, accessKey, secretKey, now);
    }

    /** {@code https://api.coinbase.com} → {@code api.coinbase.com}; a port or base path is kept. */
    static String hostAndBasePath(String baseUrl) {
        return KeyPairJwtSigner.hostAndBasePath(baseUrl);
    }

    /**
     * The first JWT of a JVM costs about two seconds (the JDK's EC key factory, nimbus, SecureRandom
     * seeding start up); pay that in the background at start-up rather than on the first order.
     */
    private void warmUp() {
        Thread warmUp = new Thread(() -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                String pkcs8 = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
                jwt.sign(RestCall.of("GET /warm-up"), "warm-up",
                        "-----BEGIN PRIVATE KEY-----\\n" + pkcs8 + "\\n-----END PRIVATE KEY-----", Instant.EPOCH);
            } catch (GeneralSecurityException | RuntimeException e) {
                // only a head start: the first real call pays the cost instead
            }
        }, "coinbase-jwt-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }
}
