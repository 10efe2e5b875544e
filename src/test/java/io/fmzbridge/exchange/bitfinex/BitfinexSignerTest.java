package io.fmzbridge.exchange.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.sign.PersistedNonces;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BitfinexSignerTest {

    /** The notes' vector (computed in Python and JDK 17 alike): submit order, nonce in µs. */
    @Test
    void reproducesTheComputedVector() {
        RestCall submit = RestCall.of("POST /v2/auth/w/order/submit")
                .body("{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.001\",\"price\":\"50000\",\"cid\":1717587431027}");
        RestCall signed = BitfinexSigner.sign(submit, "key", "bfx-test-secret", 1717587431027000L);
        assertThat(signed.headers())
                .containsEntry("bfx-signature", "57eb8f9e6b14b527ded54b25de665c007a0dbd93c7f6c61887b70b9105bdce704ee589fe594d4b7513994d2aedcaec9f")
                .containsEntry("bfx-nonce", "1717587431027000")
                .containsEntry("bfx-apikey", "key");
    }

    @Test
    void anEmptyBodyIsSentAndSignedAsAnEmptyObject() {
        RestCall signed = BitfinexSigner.sign(new RestCall("POST", "/v2/auth/r/wallets", "", "", Map.of()), "k", "s", 5);
        assertThat(signed.body()).isEqualTo("{}");
        assertThat(signed.headers().get("bfx-signature")).isEqualTo(BitfinexSigner.signature("s", "/api/v2/auth/r/wallets5{}"));
    }

    @Test
    void theNonceIsTheMicrosecondClockStrictlyIncreasingPerKey() {
        Instant now = Instant.parse("2024-06-05T11:37:11.027123Z");
        BitfinexSigner signer = new BitfinexSigner(PersistedNonces.inMemory(), Clock.fixed(now.minusSeconds(60), ZoneOffset.UTC));
        RestCall wallets = RestCall.of("POST /v2/auth/r/wallets");
        assertThat(signer.sign(wallets, "k", "s", now).headers()).containsEntry("bfx-nonce", "1717587431027123");
        assertThat(signer.sign(wallets, "k", "s", now).headers()).containsEntry("bfx-nonce", "1717587431027124");
        assertThat(signer.sign(wallets, "k", "s", now.minusSeconds(1)).headers()).containsEntry("bfx-nonce", "1717587431027125");
        assertThat(signer.sign(wallets, "k", "s", now.plusMillis(1)).headers()).containsEntry("bfx-nonce", "1717587431028123");
    }

    @Test
    void theNonceFollowsTheLaterOfTheHostClockAndBitfinexs() {
        Instant host = Instant.parse("2024-06-05T11:37:11.000000Z");
        BitfinexSigner signer = new BitfinexSigner(PersistedNonces.inMemory(), Clock.fixed(host, ZoneOffset.UTC));
        RestCall wallets = RestCall.of("POST /v2/auth/r/wallets");
        assertThat(signer.sign(wallets, "k", "s", host.minusSeconds(30)).headers())
                .as("Bitfinex measured behind this host").containsEntry("bfx-nonce", "1717587431000000");
        assertThat(signer.sign(wallets, "k", "s", host.plusSeconds(30)).headers())
                .as("Bitfinex measured ahead of this host").containsEntry("bfx-nonce", "1717587461000000");
    }
}
