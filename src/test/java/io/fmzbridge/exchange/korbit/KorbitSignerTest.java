package io.fmzbridge.exchange.korbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The exchange notes' computed vectors (Korbit publishes none): the documented order body signed with
 * HMAC secret {@code SK}, and with the RFC 8032 test-1 Ed25519 key as a PKCS#8 PEM (signature
 * computed with OpenSSL {@code pkeyutl -sign -rawin}).
 */
class KorbitSignerTest {

    static final Instant TIME = Instant.ofEpochMilli(1700000000000L);
    static final String ORDER_PARAMS = "symbol=btc_krw&side=buy&price=100000000&qty=0.0001&orderType=limit&timeInForce=gtc";
    static final String HMAC_SIGNATURE = "dd630261442629ad3e55e54cce857753f7563a99acac46e265c73bd115db8ee4";
    static final String ED25519_BODY = "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";
    static final String ED25519_PEM = "-----BEGIN PRIVATE KEY-----\n" + ED25519_BODY + "\n-----END PRIVATE KEY-----\n";
    static final String ED25519_SIGNATURE =
            "yc0SqiWRUHUXpBv/9aakW9/2GFhPDuZnWMrI/bafy3SJG2vYoiDuVOfchn3pOVah4bH1tsgv/LV+GB7Y4l8zAA==";

    private final KorbitSigner signer = new KorbitSigner();

    private static RestCall order() {
        return RestCall.of("POST /v2/orders").param("symbol", "btc_krw").param("side", "buy").param("price", "100000000")
                .param("qty", "0.0001").param("orderType", "limit").param("timeInForce", "gtc");
    }

    @Test
    void hmacSignsTheFormBodyAndAppendsTheSignatureLast() {
        RestCall signed = signer.sign(order(), "key-id", "SK", TIME);
        assertThat(signed.body()).isEqualTo(ORDER_PARAMS + "&timestamp=1700000000000&signature=" + HMAC_SIGNATURE);
        assertThat(signed.query()).isEmpty();
        assertThat(signed.headers()).containsEntry("X-KAPI-KEY", "key-id")
                .containsEntry("Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void ed25519SignsTheSameStringWithABase64SignatureUrlEncoded() {
        RestCall signed = signer.sign(order(), "key-id", ED25519_PEM, TIME);
        String body = signed.body();
        assertThat(body).startsWith(ORDER_PARAMS + "&timestamp=1700000000000&signature=");
        String sent = body.substring(body.indexOf("&signature=") + "&signature=".length());
        assertThat(sent).doesNotContain("+").doesNotContain("/").doesNotContain("=");
        assertThat(URLDecoder.decode(sent, StandardCharsets.UTF_8)).isEqualTo(ED25519_SIGNATURE);
    }

    @Test
    void anEd25519KeyIsRecognisedWithoutLineBreaksOrArmour() {
        String oneLine = ED25519_PEM.replace("\n", " ");
        for (String secret : new String[] {oneLine, ED25519_BODY}) {
            assertThat(KorbitSigner.Credentials.parse("k", secret).isEd25519()).as(secret).isTrue();
        }
        assertThat(KorbitSigner.Credentials.parse("k", "SK").isEd25519()).isFalse();
        assertThat(KorbitSigner.Credentials.parse("k", "bm90IGEga2V5").isEd25519()).as("base64, not a key").isFalse();
    }

    @Test
    void getsKeepTheirParametersInTheQuery() {
        RestCall signed = signer.sign(RestCall.of("GET /v2/orders").param("symbol", "btc_krw").param("orderId", "1234"),
                "key-id", "SK", TIME);
        assertThat(signed.query()).startsWith("symbol=btc_krw&orderId=1234&timestamp=1700000000000&signature=");
        assertThat(signed.body()).isEmpty();
        assertThat(signed.headers()).doesNotContainKey("Content-Type");
    }

    @Test
    void missingOrWrongCredentialsAreClearErrors() {
        assertThatThrownBy(() -> signer.sign(order(), " ", "SK", TIME)).isInstanceOf(FmzError.class)
                .hasMessageStartingWith("missing access_key");
        assertThatThrownBy(() -> signer.sign(order(), "k", "  ", TIME)).isInstanceOf(FmzError.class)
                .hasMessageStartingWith("missing secret_key");
        assertThatThrownBy(() -> signer.sign(order(), "k", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("secret_key is a PEM but not an ED25519 private key");
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        assertThat(KorbitSigner.Credentials.parse("k", "topsecret").toString()).doesNotContain("topsecret");
        assertThat(KorbitSigner.Credentials.parse("k", ED25519_PEM).toString()).doesNotContain(ED25519_BODY.substring(20, 40));
    }
}
