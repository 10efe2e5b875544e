package io.fmzbridge.exchange.okx;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.Hmac;
import io.fmzbridge.sign.RequestSigner;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * OKX v5 REST authentication: {@code OK-ACCESS-SIGN = Base64(HMAC-SHA256(secret, timestamp + VERB +
 * path?query + body))} with the same ISO-8601 millisecond timestamp in {@code OK-ACCESS-TIMESTAMP}.
 * FMZ's secret key carries {@code secret,passphrase} or {@code secret,passphrase,simulate}; the
 * last sends OKX's demo-trading header, which every key sends when the bridge runs OKX on its demo
 * environment ({@code fmz.exchange.okx.testnet=true}).
 */
public final class OkxSigner implements RequestSigner {

    private final boolean demoTrading;

    public OkxSigner() {
        this(false);
    }

    /** @param demoTrading every call goes to OKX's demo trading, whatever the key's secret says */
    public OkxSigner(boolean demoTrading) {
        this.demoTrading = demoTrading;
    }

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public RestCall sign(RestCall call, String accessKey, String secretKey, Instant now) {
        Credentials credentials = Credentials.parse(accessKey, secretKey);
        String timestamp = TIMESTAMP.format(now);
        String signature = sign(credentials.secret(), timestamp + call.verb() + call.pathWithQuery() + call.body());
        RestCall signed = call
                .header("OK-ACCESS-KEY", credentials.apiKey())
                .header("OK-ACCESS-SIGN", signature)
                .header("OK-ACCESS-TIMESTAMP", timestamp)
                .header("OK-ACCESS-PASSPHRASE", credentials.passphrase());
        return demoTrading || credentials.simulated() ? signed.header("x-simulated-trading", "1") : signed;
    }

    static String sign(String secret, String prehash) {
        return Base64.getEncoder().encodeToString(Hmac.sign("HmacSHA256", secret, prehash));
    }

    /** What FMZ's access and secret key fields hold for OKX. */
    record Credentials(String apiKey, String secret, String passphrase, boolean simulated) {

        static Credentials parse(String accessKey, String secretKey) {
            if (accessKey.isBlank()) {
                throw new FmzError("missing access_key: put the OKX API key in the exchange's Access Key on FMZ");
            }
            String[] parts = secretKey.split(",", -1);
            boolean shapeOk = (parts.length == 2 || parts.length == 3)
                    && !parts[0].isBlank() && !parts[1].isBlank();
            if (!shapeOk || (parts.length == 3 && !parts[2].trim().equals("simulate"))) {
                throw new FmzError("secret_key must be 'secret,passphrase' or 'secret,passphrase,simulate'");
            }
            return new Credentials(accessKey.trim(), parts[0].trim(), parts[1].trim(), parts.length == 3);
        }

        @Override
        public String toString() {
            return "Credentials[apiKey=" + apiKey + ", simulated=" + simulated + "]";
        }
    }
}
