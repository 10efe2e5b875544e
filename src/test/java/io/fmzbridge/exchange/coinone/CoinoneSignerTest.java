package io.fmzbridge.exchange.coinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The exchange notes' computed vector (Coinone publishes none): token {@code AT}, secret {@code SK}, a zero nonce. */
class CoinoneSignerTest {

    static final UUID ZERO = UUID.fromString("00000000-0000-0000-0000-000000000000");
    static final String JSON = "{\"access_token\":\"AT\",\"nonce\":\"00000000-0000-0000-0000-000000000000\",\"side\":\"BUY\","
            + "\"quote_currency\":\"KRW\",\"target_currency\":\"BTC\",\"type\":\"LIMIT\",\"price\":\"100000000\",\"qty\":\"0.0001\","
            + "\"post_only\":false}";
    static final String PAYLOAD = "eyJhY2Nlc3NfdG9rZW4iOiJBVCIsIm5vbmNlIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIiwic2lkZSI6IkJVWSIs"
            + "InF1b3RlX2N1cnJlbmN5IjoiS1JXIiwidGFyZ2V0X2N1cnJlbmN5IjoiQlRDIiwidHlwZSI6IkxJTUlUIiwicHJpY2UiOiIxMDAwMDAwMDAi"
            + "LCJxdHkiOiIwLjAwMDEiLCJwb3N0X29ubHkiOmZhbHNlfQ==";
    static final String SIGNATURE = "b3caff79988e033aadd9f5b614b3c9e8a527e56912b6659170da61a9602b8291"
            + "368618c39b359c47c078329d63513ba99542237eeb61b34cc0b41caada86eb9f";

    private static RestCall order() {
        return RestCall.of("POST /v2.1/order").body("{\"side\":\"BUY\",\"quote_currency\":\"KRW\",\"target_currency\":\"BTC\","
                + "\"type\":\"LIMIT\",\"price\":\"100000000\",\"qty\":\"0.0001\",\"post_only\":false}");
    }

    @Test
    void signsTheDocumentedOrderPayload() {
        RestCall signed = new CoinoneSigner(() -> ZERO).sign(order(), "AT", "SK", Instant.EPOCH);
        assertThat(new String(Base64.getDecoder().decode(signed.body()), StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(signed.body()).isEqualTo(PAYLOAD);
        assertThat(signed.headers())
                .containsEntry("X-COINONE-PAYLOAD", PAYLOAD)
                .containsEntry("X-COINONE-SIGNATURE", SIGNATURE)
                .containsEntry("Content-Type", "application/json");
    }

    @Test
    void everyRequestGetsAFreshNonce() {
        CoinoneSigner signer = new CoinoneSigner();
        String first = signer.sign(order(), "AT", "SK", Instant.EPOCH).body();
        String second = signer.sign(order(), "AT", "SK", Instant.EPOCH).body();
        assertThat(first).isNotEqualTo(second);
        String json = new String(Base64.getDecoder().decode(first), StandardCharsets.UTF_8);
        assertThat(json).matches("\\{\"access_token\":\"AT\",\"nonce\":\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\",.*");
    }

    @Test
    void aCallWithoutParametersSignsTokenAndNonceOnly() {
        RestCall signed = new CoinoneSigner(() -> ZERO).sign(RestCall.of("POST /v2.1/account/balance/all"), "AT", "SK", Instant.EPOCH);
        assertThat(new String(Base64.getDecoder().decode(signed.body()), StandardCharsets.UTF_8))
                .isEqualTo("{\"access_token\":\"AT\",\"nonce\":\"00000000-0000-0000-0000-000000000000\"}");
    }

    @Test
    void missingCredentialsAreClearErrors() {
        CoinoneSigner signer = new CoinoneSigner();
        assertThatThrownBy(() -> signer.sign(order(), "", "SK", Instant.EPOCH)).isInstanceOf(FmzError.class)
                .hasMessageStartingWith("missing access_key");
        assertThatThrownBy(() -> signer.sign(order(), "AT", " ", Instant.EPOCH)).isInstanceOf(FmzError.class)
                .hasMessageStartingWith("missing secret_key");
    }
}
