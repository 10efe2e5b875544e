package io.fmzbridge.sign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.util.Base64URL;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The "JWT with query hash" scheme (Upbit, and Bithumb's JWT API): {@code Authorization: Bearer
 * <JWT>}, an HMAC-signed token whose claims are the access key, a fresh UUID nonce, optionally the
 * time in ms, and, when the call has parameters, {@code query_hash} = lowercase hex SHA-512 of the
 * parameters as {@code k=v&k=v} in the order sent, with {@code query_hash_alg = SHA512}.
 *
 * <p>What is hashed is the decoded parameter string: the URL query of a GET/DELETE, or the JSON
 * body's fields of a POST turned into {@code k=v} pairs (the JSON itself is never hashed); array
 * values as {@code k[]=a&k[]=b}. Exchanges decode what they receive before hashing, as ccxt's
 * clients hash the raw string and send it URL-encoded.
 */
public final class QueryHashJwt {

    private final JWSAlgorithm algorithm;
    private final boolean timestamped;
    private final JWSHeader header;

    /**
     * @param algorithm   HS256 or HS512
     * @param timestamped whether the claims carry {@code timestamp} (Unix ms)
     */
    public QueryHashJwt(JWSAlgorithm algorithm, boolean timestamped) {
        if (!Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512).contains(algorithm)) {
            throw new IllegalArgumentException("an HMAC algorithm is needed, not " + algorithm);
        }
        this.algorithm = algorithm;
        this.timestamped = timestamped;
        try {
            // parsed from fixed text, so the header keeps the {"alg","typ"} order exchanges' examples show
            this.header = JWSHeader.parse(Base64URL.encode("{\"alg\":\"" + algorithm.getName() + "\",\"typ\":\"JWT\"}"));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The call with its {@code Authorization} header, signed with a fresh nonce. */
    public RestCall sign(RestCall call, String accessKey, String secret, Instant now) {
        return call.header("Authorization", "Bearer " + token(accessKey, secret, hashedParams(call),
                UUID.randomUUID().toString(), now));
    }

    /** The compact JWT; {@code params} is the decoded parameter string, empty when there is none. */
    public String token(String accessKey, String secret, String params, String nonce, Instant now) {
        // claims in the documented order, so a token is byte for byte reproducible from a test vector
        ObjectNode claims = FmzJson.MAPPER.createObjectNode().put("access_key", accessKey).put("nonce", nonce);
        if (timestamped) {
            claims.put("timestamp", now.toEpochMilli());
        }
        if (!params.isEmpty()) {
            claims.put("query_hash", sha512Hex(params)).put("query_hash_alg", "SHA512");
        }
        JWSObject jwt = new JWSObject(header, new Payload(claims.toString()));
        try {
            jwt.sign(new AnyLengthMacSigner(algorithm, secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(algorithm + " signing failed", e);
        }
        return jwt.serialize();
    }

    /** The parameter string the hash covers: the decoded query, or a POST's JSON fields as k=v pairs. */
    public static String hashedParams(RestCall call) {
        List<String> pairs = new ArrayList<>();
        if (!call.query().isEmpty()) {
            for (String pair : call.query().split("&")) {
                pairs.add(URLDecoder.decode(pair, StandardCharsets.UTF_8));
            }
        }
        if (!call.body().isEmpty()) {
            bodyPairs(call.body(), pairs);
        }
        return String.join("&", pairs);
    }

    public static String sha512Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every JVM", e);
        }
    }

    private static void bodyPairs(String body, List<String> pairs) {
        JsonNode json;
        try {
            json = FmzJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new FmzError("the request body is not JSON and cannot be signed");
        }
        if (!json.isObject()) {
            throw new FmzError("the request body must be a JSON object to be signed");
        }
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    pairs.add(field.getKey() + "[]=" + text(field.getKey(), item));
                }
            } else {
                pairs.add(field.getKey() + "=" + text(field.getKey(), value));
            }
        }
    }

    /** A field value as its text, numbers in plain digits (0.001, never 1E-3). */
    private static String text(String name, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw new FmzError("parameter '" + name + "' must be a string, number or list of them to be signed");
        }
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    }

    /**
     * HMAC for any key length. nimbus's MACSigner enforces RFC 7518's minimum (256 bits for HS256,
     * 512 for HS512), but exchanges issue shorter secrets (Upbit's are 40 characters) and sign
     * HS512 with them all the same; the JWT is still built and serialized by nimbus.
     */
    private static final class AnyLengthMacSigner extends BaseJWSProvider implements JWSSigner {

        private final byte[] secret;

        AnyLengthMacSigner(JWSAlgorithm algorithm, byte[] secret) {
            super(Set.of(algorithm));
            this.secret = secret;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) {
            String jca = "Hmac" + header.getAlgorithm().getName().replace("HS", "SHA");
            return Base64URL.encode(Hmac.sign(jca, secret, new String(signingInput, StandardCharsets.US_ASCII)));
        }
    }
}
