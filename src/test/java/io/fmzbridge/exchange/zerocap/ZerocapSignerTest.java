package io.fmzbridge.exchange.zerocap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Zerocap documents no test vector; the exchange notes computed one with the SDK's recipe
 * {@code hmac.new(secret, str(timestamp), sha256).hexdigest()}.
 */
class ZerocapSignerTest {

    private static final String SECRET = "my-api-secret";
    private static final Instant AT = Instant.ofEpochSecond(1692346145);
    private static final String SIGNATURE = "a481a9047040e7f01d1a68fdc9efbb705e8da4e53656d2e8fd47e1e48378f26e";

    private final ZerocapSigner signer = new ZerocapSigner();

    @Test
    void signsTheTimestampInSecondsAlone() {
        RestCall signed = signer.sign(RestCall.of("GET /orders/get_balances"), "my-api-key", SECRET, AT);
        assertThat(signed.headers())
                .containsEntry("api-key", "my-api-key")
                .containsEntry("timestamp", "1692346145")
                .containsEntry("signature", SIGNATURE);
    }

    @Test
    void verbPathAndBodyDoNotChangeTheSignature() {
        RestCall order = RestCall.of("POST /orders/create_order").body("{\"symbol\":\"USDT/AUD\",\"amount\":\"0.001\"}");
        RestCall signed = signer.sign(order, "my-api-key", SECRET, AT.plusMillis(999));
        assertThat(signed.headers()).containsEntry("signature", SIGNATURE).containsEntry("timestamp", "1692346145");
        assertThat(signed.body()).isEqualTo(order.body());
        assertThat(signed.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void theWebsocketHandshakeCarriesTheSameHeaders() {
        assertThat(ZerocapCredentials.parse("my-api-key", SECRET).headers(AT))
                .containsExactly(java.util.Map.entry("api-key", "my-api-key"),
                        java.util.Map.entry("signature", SIGNATURE),
                        java.util.Map.entry("timestamp", "1692346145"));
    }

    @Test
    void missingCredentialsAreClearErrors() {
        assertThatThrownBy(() -> signer.sign(RestCall.of("GET /x"), " ", SECRET, AT))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing access_key");
        assertThatThrownBy(() -> signer.sign(RestCall.of("GET /x"), "key", "", AT))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing secret_key");
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        assertThat(ZerocapCredentials.parse("key", "top-secret").toString()).doesNotContain("top-secret").contains("key");
    }
}
