package io.fmzbridge.exchange.okx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** OKX's documented sample secret and the signatures the exchange notes computed from it. */
class OkxSignerTest {

    private static final String DOC_SECRET = "22582BD0CFF14C41EDBF1AB98506286D";
    private static final Instant DOC_TIME = Instant.parse("2020-12-08T09:08:57.715Z");

    private final OkxSigner signer = new OkxSigner();

    @Test
    void signsAGetWithItsQueryString() {
        RestCall signed = signer.sign(RestCall.of("GET /api/v5/account/balance").param("ccy", "BTC"),
                "key", DOC_SECRET + ",phrase", DOC_TIME);
        assertThat(signed.headers())
                .containsEntry("OK-ACCESS-SIGN", "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")
                .containsEntry("OK-ACCESS-TIMESTAMP", "2020-12-08T09:08:57.715Z")
                .containsEntry("OK-ACCESS-KEY", "key")
                .containsEntry("OK-ACCESS-PASSPHRASE", "phrase")
                .doesNotContainKey("x-simulated-trading");
    }

    @Test
    void signsAPostWithItsExactBody() {
        RestCall call = RestCall.of("POST /api/v5/account/set-leverage")
                .body("{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}");
        RestCall signed = signer.sign(call, "key", DOC_SECRET + ",phrase", DOC_TIME);
        assertThat(signed.headers()).containsEntry("OK-ACCESS-SIGN", "eCnnCgWLjlQ9XnpUkrcny3qNq3WW/81KNrDr/XR6Xv8=");
        assertThat(signed.body()).isEqualTo(call.body());
    }

    @Test
    void timestampsHaveMillisecondsEvenOnAWholeSecond() {
        RestCall signed = signer.sign(RestCall.of("GET /api/v5/account/balance"), "key", "s,p",
                Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(signed.headers()).containsEntry("OK-ACCESS-TIMESTAMP", "2024-01-02T03:04:05.000Z");
    }

    @Test
    void simulateAddsTheDemoTradingHeader() {
        RestCall signed = signer.sign(RestCall.of("GET /api/v5/account/balance"), "key", "s,p,simulate", DOC_TIME);
        assertThat(signed.headers()).containsEntry("x-simulated-trading", "1");
    }

    @Test
    void aSecretWithoutPassphraseIsAClearError() {
        for (String secret : new String[] {"onlysecret", "s,", ",p", "s,p,live", "s,p,simulate,x", ""}) {
            assertThatThrownBy(() -> signer.sign(RestCall.of("GET /x"), "key", secret, DOC_TIME))
                    .as(secret)
                    .isInstanceOf(FmzError.class)
                    .hasMessage("secret_key must be 'secret,passphrase' or 'secret,passphrase,simulate'");
        }
    }

    @Test
    void aMissingAccessKeyIsAClearError() {
        assertThatThrownBy(() -> signer.sign(RestCall.of("GET /x"), " ", "s,p", DOC_TIME))
                .isInstanceOf(FmzError.class)
                .hasMessageStartingWith("missing access_key");
    }

    @Test
    void credentialsNeverPrintTheSecretOrPassphrase() {
        String printed = OkxSigner.Credentials.parse("key", "topsecret,myphrase").toString();
        assertThat(printed).doesNotContain("topsecret").doesNotContain("myphrase");
    }
}
