package io.fmzbridge.exchange.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KrakenSignerTest {

    /** docs.kraken.com, "Spot REST authentication": the published example. */
    static final String SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    @Test
    void reproducesKrakensPublishedVector() {
        RestCall addOrder = new RestCall("POST", "/0/private/AddOrder", "",
                "ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25", java.util.Map.of());
        RestCall signed = KrakenSigner.sign(addOrder, "key", Base64.getDecoder().decode(SECRET), 1616492376594L);
        assertThat(signed.body()).isEqualTo("nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25");
        assertThat(signed.headers()).containsEntry("API-Sign",
                "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==")
                .containsEntry("API-Key", "key")
                .containsEntry("Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void theNonceIsTheMillisecondClockAndNeverRepeats() {
        KrakenSigner signer = new KrakenSigner();
        Instant now = Instant.ofEpochMilli(1616492376594L);
        RestCall balance = RestCall.of("POST /0/private/Balance");
        assertThat(signer.sign(balance, "k", SECRET, now).body()).isEqualTo("nonce=1616492376594");
        assertThat(signer.sign(balance, "k", SECRET, now).body()).isEqualTo("nonce=1616492376595");
        assertThat(signer.sign(balance, "k", SECRET, now.minusSeconds(10)).body()).as("a clock stepping back").isEqualTo("nonce=1616492376596");
        assertThat(signer.sign(balance, "other", SECRET, now).body()).as("each key its own").isEqualTo("nonce=1616492376594");
    }

    @Test
    void aSecretThatIsNotBase64IsAClearError() {
        assertThatThrownBy(() -> new KrakenSigner().sign(RestCall.of("POST /0/private/Balance"), "k", "%%%", Instant.now()))
                .isInstanceOf(FmzError.class).hasMessageContaining("base64").hasMessageNotContaining("%%%");
        assertThatThrownBy(() -> new KrakenSigner().sign(RestCall.of("POST /0/private/Balance"), "", SECRET, Instant.now()))
                .isInstanceOf(FmzError.class).hasMessageContaining("access_key");
    }
}
