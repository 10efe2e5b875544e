package io.fmzbridge.exchange.coinone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.sign.Hmac;
import io.fmzbridge.sign.RequestSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Coinone private API v2.1 authentication: the JSON request {@code {"access_token", "nonce", …params}}
 * with a fresh UUID v4 nonce is base64-encoded into the payload, sent in {@code X-COINONE-PAYLOAD}
 * and as the body (as ccxt sends it), and signed in {@code X-COINONE-SIGNATURE} with the lower-case
 * hex of HMAC-SHA512(secret, payload). There is no timestamp: the nonce alone makes each request
 * unique, so the time is not used. FMZ's Access Key is the access token, the Secret Key the secret
 * key as issued.
 */
public final class CoinoneSigner implements RequestSigner {

    private final Supplier<UUID> nonces;

    public CoinoneSigner() {
        this(UUID::randomUUID);
    }

    /** With the nonces given: for tests that reproduce a signature. */
    public CoinoneSigner(Supplier<UUID> nonces) {
        this.nonces = nonces;
    }

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        if (accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the Coinone access token in the exchange's Access Key on FMZ");
        }
        String secret = secretKey.trim();
        if (secret.isEmpty()) {
            throw new FmzError("missing secret_key: put the Coinone secret key in the exchange's Secret Key on FMZ");
        }
        ObjectNode request = FmzJson.MAPPER.createObjectNode();
        request.put("access_token", accessKey.trim());
        request.put("nonce", nonces.get().toString());
        for (Map.Entry<String, JsonNode> field : params(call).properties()) {
            request.set(field.getKey(), field.getValue());
        }
        String payload = Base64.getEncoder().encodeToString(json(request).getBytes(StandardCharsets.UTF_8));
        return new RestCall(call.verb(), call.path(), call.query(), payload, Map.of())
                .header("Content-Type", "application/json")
                .header("X-COINONE-PAYLOAD", payload)
                .header("X-COINONE-SIGNATURE", HexFormat.of().formatHex(Hmac.sign("HmacSHA512", secret, payload)));
    }

    private static ObjectNode params(RestCall call) {
        if (call.body().isEmpty()) {
            return FmzJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode body = FmzJson.MAPPER.readTree(call.body());
            if (body instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // fall through to the error below
        }
        throw new FmzError("a Coinone private request's parameters must be one JSON object");
    }

    private static String json(ObjectNode request) {
        try {
            return FmzJson.MAPPER.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
