package io.fmzbridge.exchange.backpack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.sign.Ed25519;
import io.fmzbridge.sign.RequestSigner;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Backpack REST authentication: ED25519 over
 * {@code instruction=<name>&<params sorted by key>&timestamp=<ms>&window=<ms>}, where the params
 * are the query (GET) or the JSON body fields (POST, DELETE) and booleans read {@code true}/{@code false}.
 * The base64 signature goes in {@code X-Signature} with {@code X-API-Key}, {@code X-Timestamp}
 * and {@code X-Window}. On FMZ the Access Key is the API key (the base64 public key) and the Secret
 * Key the API secret (the base64 32-byte private key seed).
 */
public final class BackpackSigner implements RequestSigner {

    /** Backpack's default validity window (ms); the maximum it accepts is 60000. */
    static final long WINDOW_MS = 5000;

    @Override
    public RestCall sign(RestCall call, String instruction, String accessKey, String secretKey, Instant now) {
        if (instruction == null || instruction.isBlank()) {
            throw new IllegalStateException("a signed Backpack call needs its instruction: set it in the route branch");
        }
        Credentials credentials = Credentials.parse(accessKey, secretKey);
        String timestamp = String.valueOf(now.toEpochMilli());
        String signed = signingString(instruction, params(call), timestamp, String.valueOf(WINDOW_MS));
        return call
                .header("X-API-Key", credentials.apiKey())
                .header("X-Signature", Base64.getEncoder().encodeToString(Ed25519.sign(credentials.seed(), signed)))
                .header("X-Timestamp", timestamp)
                .header("X-Window", String.valueOf(WINDOW_MS));
    }

    /** Every signed Backpack call names its instruction; the route supplies it. */
    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        return sign(call, null, accessKey, secretKey, now);
    }

    static String signingString(String instruction, SortedMap<String, String> params, String timestamp, String window) {
        StringJoiner text = new StringJoiner("&");
        text.add("instruction=" + instruction);
        params.forEach((name, value) -> text.add(name + "=" + value));
        return text.add("timestamp=" + timestamp).add("window=" + window).toString();
    }

    /** The call's parameters as Backpack signs them: decoded query values and body fields, by key. */
    static SortedMap<String, String> params(RestCall call) {
        SortedMap<String, String> params = new TreeMap<>();
        if (!call.query().isEmpty()) {
            for (String pair : call.query().split("&")) {
                int eq = pair.indexOf('=');
                params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        if (!call.body().isEmpty()) {
            JsonNode body;
            try {
                body = FmzJson.MAPPER.readTree(call.body());
            } catch (JsonProcessingException e) {
                throw new FmzError("a Backpack request body must be JSON");
            }
            if (!body.isObject()) {
                throw new FmzError("the bridge signs Backpack request bodies that are one JSON object");
            }
            for (Map.Entry<String, JsonNode> field : body.properties()) {
                if (!field.getValue().isNull()) {
                    params.put(field.getKey(), text(field.getKey(), field.getValue()));
                }
            }
        }
        return params;
    }

    /** Strings as they are, numbers in plain digits, booleans lower case (Backpack's rule for the signed string). */
    private static String text(String name, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        throw new FmzError("Backpack request field '" + name + "' must be a string, number or boolean to be signed");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** What FMZ's Access Key and Secret Key fields hold for Backpack. */
    record Credentials(String apiKey, byte[] seed) {

        static Credentials parse(String accessKey, String secretKey) {
            String apiKey = accessKey.trim();
            if (apiKey.isEmpty()) {
                throw new FmzError("missing access_key: put the Backpack API key (base64 public key) in the exchange's Access Key on FMZ");
            }
            byte[] seed = base64(secretKey.trim());
            if (seed == null || seed.length != Ed25519.SEED_BYTES) {
                throw new FmzError("secret_key must be the Backpack API secret: a base64 ED25519 private key of 32 bytes");
            }
            byte[] publicKey = base64(apiKey);
            if (publicKey == null || !MessageDigest.isEqual(publicKey, Ed25519.publicKey(seed))) {
                throw new FmzError("access_key is not the API key (public key) that belongs to this secret_key");
            }
            return new Credentials(apiKey, seed);
        }

        private static byte[] base64(String text) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return "Credentials[apiKey=" + apiKey + "]";
        }
    }
}
