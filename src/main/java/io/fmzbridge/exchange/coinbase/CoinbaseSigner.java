package io.fmzbridge.exchange.coinbase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.sign.RequestSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
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
 */
public final class CoinbaseSigner implements RequestSigner {

    /** Coinbase accepts a token for two minutes after it is made (notes §1.2). */
    static final long LIFETIME_SECONDS = 120;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String hostAndBasePath;
    private final Supplier<String> nonces;

    /** @param baseUrl the configured REST base URL, whose host (and port, path) the {@code uri} claim names */
    public CoinbaseSigner(String baseUrl) {
        this(baseUrl, CoinbaseSigner::randomNonce);
        warmUp();
    }

    CoinbaseSigner(String baseUrl, Supplier<String> nonces) {
        this.hostAndBasePath = hostAndBasePath(baseUrl);
        this.nonces = nonces;
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        String keyName = accessKey.trim();
        if (keyName.isEmpty()) {
            throw new FmzError("missing access_key: put the Coinbase API key name (organizations/.../apiKeys/...) in the exchange's Access Key on FMZ");
        }
        CoinbaseKey key = CoinbaseKey.parse(secretKey);
        String uri = call.verb() + " " + hostAndBasePath + call.path();
        return call.header("Authorization", "Bearer " + token(key, keyName, uri, now.getEpochSecond()));
    }

    /** The signed token; header and payload keep the SDK's field order, so a fixed nonce gives fixed bytes. */
    String token(CoinbaseKey key, String keyName, String uri, long nowSeconds) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key instanceof CoinbaseKey.EcKey ? "ES256" : "EdDSA");
        header.put("kid", keyName);
        header.put("nonce", nonces.get());
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", keyName);
        claims.put("iss", "cdp");
        claims.put("nbf", nowSeconds);
        claims.put("exp", nowSeconds + LIFETIME_SECONDS);
        claims.put("uri", uri);
        try {
            JWSObject jws = new JWSObject(JWSHeader.parse(segment(header)), new Payload(segment(claims)));
            jws.sign(signer(key));
            return jws.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("could not sign a Coinbase JWT: " + e.getClass().getSimpleName());
        }
    }

    private static JWSSigner signer(CoinbaseKey key) throws JOSEException {
        if (key instanceof CoinbaseKey.EcKey ec) {
            return new ECDSASigner(ec.key()); // JOSE's R||S signature, not the JDK's DER
        }
        return new Ed25519JwsSigner(((CoinbaseKey.Ed25519Key) key).seed());
    }

    private static Base64URL segment(Map<String, Object> fields) {
        try {
            return Base64URL.encode(FmzJson.MAPPER.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://api.coinbase.com} → {@code api.coinbase.com}; a port or base path is kept. */
    static String hostAndBasePath(String baseUrl) {
        URI uri = URI.create(baseUrl.trim());
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("fmz.exchange.coinbase.base-url must be an absolute URL: " + baseUrl);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
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
                token(CoinbaseKey.parse("-----BEGIN PRIVATE KEY-----\\n" + pkcs8 + "\\n-----END PRIVATE KEY-----"),
                        "warm-up", "GET warm-up", 0);
            } catch (GeneralSecurityException | RuntimeException e) {
                // only a head start: the first real call pays the cost instead
            }
        }, "coinbase-jwt-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private static String randomNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }
}
