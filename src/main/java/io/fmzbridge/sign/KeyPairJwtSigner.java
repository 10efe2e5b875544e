package io.fmzbridge.sign;

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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A JWT made for each request and signed with the private half of a key pair (ES256 with an EC P-256
 * key, EdDSA with Ed25519), configured in a route file: Coinbase's CDP scheme and its kin. FMZ's Access
 * Key is the key's name, its Secret Key the private key ({@link JwsPrivateKey}'s forms).
 *
 * <pre>
 * header  {"alg":"ES256"|"EdDSA","kid":key name,"nonce":random hex,"typ":"JWT"}
 * payload {"sub":key name,"iss":issuer,"nbf":now,"exp":now+lifetime,"uri":"GET api.example.com/v3/accounts"}
 * </pre>
 *
 * Each part is a property; one left unset is left out of the token:
 * <pre>
 * - name: acmeJwt
 *   type: io.fmzbridge.sign.KeyPairJwtSigner
 *   properties:
 *     algorithm: key                 # follow the key (ES256 for EC, EdDSA for Ed25519), or ES256, EdDSA
 *     tokenHeader: Authorization     # the request header carrying the token (default)
 *     tokenPrefix: "Bearer "         # before the token (default)
 *     keyNameHeader: kid             # the JWT header field naming the key
 *     nonceHeader: nonce             # a JWT header field with a fresh random nonce
 *     keyNameClaim: sub              # the claim naming the key
 *     issuer: cdp                    # the iss claim
 *     lifetimeSeconds: 120           # nbf = now, exp = now + lifetime
 *     uriClaim: uri                  # the claim naming the request (default uri), from the template:
 *     uri: "{verb} {host}{path}"     # parts {verb} {host} {path} {query} {?query}; {host} is baseUrl's
 *     baseUrl: "{{fmz.exchange.acme.base-url}}"
 * </pre>
 */
public final class KeyPairJwtSigner implements RequestSigner {

    /** What {@code algorithm} takes: one JOSE name, or {@code key} to follow the key. */
    private enum Algorithm { KEY, ES256, EDDSA }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> nonces;
    private Algorithm algorithm = Algorithm.KEY;
    private String tokenHeader = "Authorization";
    private String tokenPrefix = "Bearer ";
    private String keyNameHeader;
    private String nonceHeader;
    private String keyNameClaim;
    private String issuer;
    private long lifetimeSeconds = 120;
    private String uriClaim = "uri";
    private String uriTemplate;
    private String host;
    private volatile Prehash uri;

    public KeyPairJwtSigner() {
        this(KeyPairJwtSigner::randomNonce);
    }

    /** With nonces of the caller's choosing: a fixed nonce gives fixed bytes, for tests against a known token. */
    public KeyPairJwtSigner(Supplier<String> nonces) {
        this.nonces = nonces;
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        String keyName = accessKey.trim();
        if (keyName.isEmpty()) {
            throw new FmzError("missing access_key: put the API key's name in the exchange's Access Key on FMZ");
        }
        return call.header(tokenHeader, tokenPrefix + token(call, keyName, JwsPrivateKey.parse(secretKey), now));
    }

    /** The signed token; header and payload keep the order above, so a fixed nonce gives fixed bytes. */
    private String token(RestCall call, String keyName, JwsPrivateKey key, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithmFor(key));
        put(header, keyNameHeader, keyName);
        put(header, nonceHeader, nonceHeader == null ? null : nonces.get());
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        put(claims, keyNameClaim, keyName);
        put(claims, "iss", issuer);
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + lifetimeSeconds);
        if (uriTemplate != null) {
            claims.put(uriClaim, uri().of(call, "", keyName));
        }
        try {
            JWSObject jws = new JWSObject(JWSHeader.parse(segment(header)), new Payload(segment(claims)));
            jws.sign(signer(key));
            return jws.serialize();
        } catch (ParseException | JOSEException e) {
            // never the key or the token: the exception's kind says enough
            throw new IllegalStateException("could not sign a JWT: " + e.getClass().getSimpleName());
        }
    }

    private String algorithmFor(JwsPrivateKey key) {
        boolean ec = key instanceof JwsPrivateKey.EcKey;
        if (algorithm == Algorithm.ES256 && !ec) {
            throw new FmzError("secret_key: this exchange signs ES256, which needs an EC P-256 private key, not an Ed25519 one");
        }
        if (algorithm == Algorithm.EDDSA && ec) {
            throw new FmzError("secret_key: this exchange signs EdDSA, which needs an Ed25519 private key, not an EC one");
        }
        return ec ? "ES256" : "EdDSA";
    }

    private static JWSSigner signer(JwsPrivateKey key) throws JOSEException {
        if (key instanceof JwsPrivateKey.EcKey ec) {
            return new ECDSASigner(ec.key()); // JOSE's R||S signature, not the JDK's DER
        }
        return new Ed25519JwsSigner(((JwsPrivateKey.Ed25519Key) key).seed());
    }

    /**
     * What is wrong with the settings as a whole, which no one setter can tell (its properties arrive one
     * by one): null when nothing. A route check asks it at start, so the first signed call does not.
     */
    public String problem() {
        return uriTemplate != null && uriTemplate.contains("{host}") && host == null
                ? "the signer's uri names {host}, but its 'baseUrl' is not set in the exchange's route file" : null;
    }

    private Prehash uri() {
        Prehash current = uri;
        if (current == null) {
            if (problem() != null) {
                throw new FmzError(problem());
            }
            current = Prehash.parse(host == null ? uriTemplate : uriTemplate.replace("{host}", host));
            uri = current;
        }
        return current;
    }

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (name != null && value != null) {
            fields.put(name, value);
        }
    }

    private static Base64URL segment(Map<String, Object> fields) {
        try {
            return Base64URL.encode(FmzJson.MAPPER.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    /** {@code https://api.coinbase.com} → {@code api.coinbase.com}; a port or base path is kept. */
    public static String hostAndBasePath(String baseUrl) {
        URI url;
        try {
            url = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || url.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute URL like https://api.example.com, not '" + baseUrl + "'");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        return url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path;
    }

    /** {@code key} (the default: ES256 for an EC key, EdDSA for Ed25519), {@code ES256} or {@code EdDSA}. */
    public void setAlgorithm(String name) {
        algorithm = switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "KEY" -> Algorithm.KEY;
            case "ES256" -> Algorithm.ES256;
            case "EDDSA" -> Algorithm.EDDSA;
            default -> throw new IllegalArgumentException("algorithm must be ES256, EdDSA or key (follow the key), not '" + name + "'");
        };
    }

    /** The request header that carries the token: {@code Authorization} by default. */
    public void setTokenHeader(String tokenHeader) {
        this.tokenHeader = nonBlank(tokenHeader, "tokenHeader");
    }

    /** What stands before the token in its header: {@code "Bearer "} by default; empty for none. */
    public void setTokenPrefix(String tokenPrefix) {
        this.tokenPrefix = tokenPrefix == null ? "" : tokenPrefix;
    }

    /** The JWT header field naming the key (JOSE's {@code kid}); unset, the header names none. */
    public void setKeyNameHeader(String field) {
        this.keyNameHeader = field(field, "keyNameHeader");
    }

    /** A JWT header field with a random nonce (32 hex digits), new for every request. */
    public void setNonceHeader(String field) {
        this.nonceHeader = field(field, "nonceHeader");
    }

    /** The claim naming the key ({@code sub}); unset, no claim does. */
    public void setKeyNameClaim(String claim) {
        this.keyNameClaim = field(claim, "keyNameClaim");
    }

    /** The {@code iss} claim; unset, the token has none. */
    public void setIssuer(String issuer) {
        this.issuer = nonBlank(issuer, "issuer");
    }

    /** How long a token is good for: {@code exp} is {@code nbf} (now) plus this. */
    public void setLifetimeSeconds(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("lifetimeSeconds must be at least 1, not " + seconds);
        }
        this.lifetimeSeconds = seconds;
    }

    /** The claim that names the request, {@code uri} by default; the {@code uri} template gives its value. */
    public void setUriClaim(String claim) {
        this.uriClaim = field(claim, "uriClaim");
    }

    /**
     * The request as the claim names it: {@code "{verb} {host}{path}"} is Coinbase's; parts {@code {verb}}
     * {@code {host}} (baseUrl's host, port and path) {@code {path}} {@code {query}} {@code {?query}}
     * {@code {body}}, other text literal. Unset, the token names no request.
     */
    public void setUri(String template) {
        String checked = nonBlank(template, "uri");
        Prehash.parse(checked.replace("{host}", "")); // a misspelt part fails here, at start
        this.uriTemplate = checked;
        this.uri = null;
    }

    /** The exchange's base URL, whose host the {@code uri} claim's {@code {host}} names. */
    public void setBaseUrl(String baseUrl) {
        this.host = hostAndBasePath(baseUrl);
        this.uri = null;
    }

    private static String field(String name, String property) {
        String trimmed = nonBlank(name, property).trim();
        if (!trimmed.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(property + " must be a JSON field name like kid or sub, not '" + name + "'");
        }
        return trimmed;
    }

    private static String nonBlank(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "KeyPairJwtSigner(its properties: algorithm, baseUrl, issuer, keyNameClaim, keyNameHeader, lifetimeSeconds,"
                + " nonceHeader, tokenHeader, tokenPrefix, uri, uriClaim)";
    }
}
