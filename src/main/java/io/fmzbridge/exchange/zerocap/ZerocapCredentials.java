package io.fmzbridge.exchange.zerocap;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.Hmac;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What FMZ's Access Key and Secret Key hold for Zerocap: the API key and the API secret, nothing
 * else (Zerocap has no passphrase and no demo flag; the environment is chosen by the base URL).
 *
 * <p>Zerocap signs <em>only the timestamp</em>: {@code signature = hex(HMAC-SHA256(secret,
 * str(unix seconds)))}, sent with {@code api-key} and {@code timestamp} on every REST call and on the
 * websocket handshake alike (zerocap_api SDK, {@code get_headers} / {@code create_connection}).
 */
record ZerocapCredentials(String apiKey, String secret) {

    static ZerocapCredentials parse(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank()) {
            throw new FmzError("missing access_key: put the Zerocap API key in the exchange's Access Key on FMZ");
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new FmzError("missing secret_key: put the Zerocap API secret in the exchange's Secret Key on FMZ");
        }
        return new ZerocapCredentials(accessKey.trim(), secretKey.trim());
    }

    /** The three authentication headers for a call or handshake made at {@code now}. */
    Map<String, String> headers(Instant now) {
        String timestamp = String.valueOf(now.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("api-key", apiKey);
        headers.put("signature", signature(secret, timestamp));
        headers.put("timestamp", timestamp);
        return headers;
    }

    static String signature(String secret, String timestamp) {
        return HexFormat.of().formatHex(Hmac.sign("HmacSHA256", secret, timestamp));
    }

    /** Records print every component; the secret must never be printed. */
    @Override
    public String toString() {
        return "ZerocapCredentials[apiKey=" + apiKey + "]";
    }
}
