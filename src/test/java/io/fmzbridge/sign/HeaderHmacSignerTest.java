package io.fmzbridge.sign;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.okx.OkxSigner;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The header HMAC scheme as route files configure it, checked against OKX's documented signatures. */
class HeaderHmacSignerTest {

    /** OKX's documented sample secret and time (see OkxSignerTest). */
    private static final String OKX_SECRET = "22582BD0CFF14C41EDBF1AB98506286D";
    private static final Instant OKX_TIME = Instant.parse("2020-12-08T09:08:57.715Z");

    static HeaderHmacSigner okxLike() {
        HeaderHmacSigner signer = new HeaderHmacSigner();
        signer.setKeyHeader("OK-ACCESS-KEY");
        signer.setSignatureHeader("OK-ACCESS-SIGN");
        signer.setTimestampHeader("OK-ACCESS-TIMESTAMP");
        signer.setPassphraseHeader("OK-ACCESS-PASSPHRASE");
        signer.setTimestamp("iso-millis");
        return signer;
    }

    @Test
    void configuredAsOkxItGivesOkxsDocumentedSignature() {
        RestCall signed = okxLike().sign(RestCall.of("GET /api/v5/account/balance").param("ccy", "BTC"),
                "key", OKX_SECRET + ",phrase", OKX_TIME);
        assertThat(signed.headers())
                .containsEntry("OK-ACCESS-SIGN", "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")
                .containsEntry("OK-ACCESS-TIMESTAMP", "2020-12-08T09:08:57.715Z")
                .containsEntry("OK-ACCESS-KEY", "key")
                .containsEntry("OK-ACCESS-PASSPHRASE", "phrase");
    }

    @Test
    void configuredAsOkxItSignsExactlyAsOkxSignerDoes() {
        RestCall post = RestCall.of("POST /api/v5/trade/order").body("{\"instId\":\"BTC-USDT\",\"sz\":\"0.00000001\"}");
        RestCall get = RestCall.of("GET /api/v5/market/books").param("instId", "BTC-USDT").param("sz", 5);
        for (RestCall call : new RestCall[] {post, get}) {
            assertThat(okxLike().sign(call, "k", "s3cret,p", OKX_TIME))
                    .isEqualTo(new OkxSigner().sign(call, "k", "s3cret,p", OKX_TIME));
        }
    }

    @Test
    void hexMillisAndALiteralPathPrefixAsBitvavoSigns() throws Exception {
        HeaderHmacSigner signer = new HeaderHmacSigner();
        signer.setKeyHeader("Bitvavo-Access-Key");
        signer.setSignatureHeader("Bitvavo-Access-Signature");
        signer.setTimestampHeader("Bitvavo-Access-Timestamp");
        signer.setEncoding("hex");
        signer.setPrehash("{timestamp}{verb}/v2{path}{?query}{body}");
        RestCall call = RestCall.of("POST /order").body("{\"market\":\"BTC-EUR\",\"amount\":\"1.23\"}");

        RestCall signed = signer.sign(call, "key", "secret", Instant.ofEpochMilli(1548172481125L));

        String expected = hmacHex("HmacSHA256", "secret", "1548172481125POST/v2/order{\"market\":\"BTC-EUR\",\"amount\":\"1.23\"}");
        assertThat(signed.headers())
                .containsEntry("Bitvavo-Access-Signature", expected)
                .containsEntry("Bitvavo-Access-Timestamp", "1548172481125")
                .doesNotContainKey("OK-ACCESS-PASSPHRASE");
        assertThat(signed.body()).isEqualTo(call.body());
    }

    @Test
    void secondsSha512AndTheKeyInThePrehash() throws Exception {
        HeaderHmacSigner signer = new HeaderHmacSigner();
        signer.setKeyHeader("X-KEY");
        signer.setSignatureHeader("X-SIGN");
        signer.setAlgorithm("HmacSHA512");
        signer.setEncoding("hex");
        signer.setTimestamp("seconds");
        signer.setPrehash("{key}|{timestamp}|{verb}|{path}|{query}");
        RestCall signed = signer.sign(RestCall.of("GET /v1/balances").param("a", "b c"), "K", "S", Instant.ofEpochSecond(1700000000));
        assertThat(signed.headers()).containsEntry("X-SIGN", hmacHex("HmacSHA512", "S", "K|1700000000|GET|/v1/balances|a=b%20c"))
                .doesNotContainKey("X-TIMESTAMP");
    }

    @Test
    void aPassphraseIsWhatFollowsTheFirstComma() {
        RestCall signed = okxLike().sign(RestCall.of("GET /x"), "key", "secret,pass,phrase", OKX_TIME);
        assertThat(signed.headers()).containsEntry("OK-ACCESS-PASSPHRASE", "pass,phrase");
        for (String secretKey : new String[] {"secret", "secret,", ",phrase", " , "}) {
            assertThatThrownBy(() -> okxLike().sign(RestCall.of("GET /x"), "key", secretKey, OKX_TIME))
                    .as(secretKey).isInstanceOf(FmzError.class)
                    .hasMessage("secret_key must be 'secret,passphrase' for this exchange");
        }
    }

    @Test
    void missingCredentialsAndSettingsAreClearErrors() {
        assertThatThrownBy(() -> okxLike().sign(RestCall.of("GET /x"), " ", "s,p", OKX_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing access_key");
        HeaderHmacSigner noHeaders = new HeaderHmacSigner();
        assertThatThrownBy(() -> noHeaders.sign(RestCall.of("GET /x"), "k", "s", OKX_TIME))
                .isInstanceOf(FmzError.class).hasMessage("the signer's 'keyHeader' is not set in the exchange's route file");
        assertThatThrownBy(() -> noHeaders.setPrehash("{timestamp}{url}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{url}");
        assertThatThrownBy(() -> noHeaders.setAlgorithm("HmacSHA257")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> noHeaders.setEncoding("base32")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> noHeaders.setTimestamp("nanos")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSecretIsNeverPrinted() {
        assertThat(ApiKey.parse("key", "s3cret,phr4se", true).toString()).doesNotContain("s3cret", "phr4se");
    }

    static String hmacHex(String algorithm, String secret, String text) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(UTF_8), algorithm));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(UTF_8)));
    }

    static HeaderHmacSigner okxWithDemo(boolean demoTrading) {
        HeaderHmacSigner signer = okxLike();
        signer.setDemoHeader("x-simulated-trading: 1");
        signer.setDemoKeyWord("simulate");
        signer.setDemoTrading(demoTrading);
        return signer;
    }

    @Test
    void aDemoKeyOrTheDemoSwitchSendsTheDemoHeaderAsOkxSignerDoes() {
        RestCall call = RestCall.of("GET /api/v5/account/balance");
        for (String secretKey : new String[] {"s3cret,p", "s3cret,p,simulate", " s3cret , p , simulate "}) {
            for (boolean demoTrading : new boolean[] {false, true}) {
                assertThat(okxWithDemo(demoTrading).sign(call, "k", secretKey, OKX_TIME)).as("%s, demo trading %s", secretKey, demoTrading)
                        .isEqualTo(new OkxSigner(demoTrading).sign(call, "k", secretKey, OKX_TIME));
            }
        }
        assertThat(okxWithDemo(false).sign(call, "k", "s,p,simulate", OKX_TIME).headers()).containsEntry("x-simulated-trading", "1");
        assertThat(okxWithDemo(false).sign(call, "k", "s,p", OKX_TIME).headers()).doesNotContainKey("x-simulated-trading");
        for (String secretKey : new String[] {"secret", "secret,pass,live", "secret,pass,phrase,simulate", ",p,simulate"}) {
            assertThatThrownBy(() -> okxWithDemo(false).sign(call, "k", secretKey, OKX_TIME)).as(secretKey)
                    .isInstanceOf(FmzError.class).hasMessage("secret_key must be 'secret,passphrase' or 'secret,passphrase,simulate'");
        }
        assertThatThrownBy(() -> okxLike().setDemoHeader("x-simulated-trading")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> okxLike().setDemoKeyWord("a,b")).isInstanceOf(IllegalArgumentException.class);
    }
}
