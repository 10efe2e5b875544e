package io.fmzbridge.exchange.backpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Backpack's documented signing string and the signatures the exchange notes computed for it with
 * the tutorial's demo key pair (seed TDSk…, public key 5+yQ…), through the whole signer.
 */
class BackpackSignerTest {

    static final String DEMO_PUBLIC_KEY = "5+yQgwU0ZdJ/9s+GXfuPFfo7yQQpl9CgvQedJXne30o=";
    static final String DEMO_SEED = "TDSkv44jf/iD/QCKkyCdixO+p1sfLXxk+PZH7mW/ams=";
    static final Instant DOC_TIME = Instant.ofEpochMilli(1614550000000L);

    private final BackpackSigner signer = new BackpackSigner();

    @Test
    void signsTheDocumentedCancelFromItsJsonBody() {
        RestCall cancel = RestCall.of("DELETE /api/v1/order").body("{\"symbol\":\"BTC_USDT\",\"orderId\":\"28\"}");
        assertThat(BackpackSigner.signingString("orderCancel", BackpackSigner.params(cancel), "1614550000000", "5000"))
                .isEqualTo("instruction=orderCancel&orderId=28&symbol=BTC_USDT&timestamp=1614550000000&window=5000");

        RestCall signed = signer.sign(cancel, "orderCancel", DEMO_PUBLIC_KEY, DEMO_SEED, DOC_TIME);
        assertThat(signed.headers())
                .containsEntry("X-Signature", "aKisDELOQeekrU+Up7rS/6gZBp0qunOsPwThvby1n5TaohLLP7NghvHoc4peKNGCg/rWC1gtiOKKSW2xNxCGAQ==")
                .containsEntry("X-API-Key", DEMO_PUBLIC_KEY)
                .containsEntry("X-Timestamp", "1614550000000")
                .containsEntry("X-Window", "5000");
        assertThat(signed.body()).isEqualTo(cancel.body());
    }

    @Test
    void signsTheTutorialDepositAddressQueryFromItsQuery() {
        RestCall query = RestCall.of("GET /wapi/v1/capital/deposit/address").param("blockchain", "Solana");
        RestCall signed = signer.sign(query, "depositAddressQuery", DEMO_PUBLIC_KEY, DEMO_SEED, DOC_TIME);
        assertThat(signed.headers()).containsEntry("X-Signature",
                "VPw6lzXYNdYAxiohUGArovz4Lo9Ke4LdA/naVvNNRFY68wi+eylXY2x/hbZk9w+fd4tQifvHCoKu1t2D7sl3BA==");
        assertThat(signed.query()).isEqualTo("blockchain=Solana");
    }

    @Test
    void withoutParamsTheInstructionMeetsTheTimestamp() {
        assertThat(BackpackSigner.signingString("balanceQuery", BackpackSigner.params(RestCall.of("GET /api/v1/capital")),
                "1614550000000", "5000"))
                .isEqualTo("instruction=balanceQuery&timestamp=1614550000000&window=5000");
    }

    @Test
    void paramsAreSortedDecodedAndBooleansLowerCase() {
        RestCall order = RestCall.of("POST /api/v1/order").body("""
                {"symbol":"SOL_USDC","side":"Bid","orderType":"Limit","price":"170.50","quantity":"0.001",
                 "postOnly":true,"reduceOnly":false,"clientId":123456,"triggerPrice":null}""");
        assertThat(BackpackSigner.params(order)).containsExactly(
                Map.entry("clientId", "123456"), Map.entry("orderType", "Limit"), Map.entry("postOnly", "true"),
                Map.entry("price", "170.50"), Map.entry("quantity", "0.001"), Map.entry("reduceOnly", "false"),
                Map.entry("side", "Bid"), Map.entry("symbol", "SOL_USDC"));

        RestCall query = RestCall.of("GET /wapi/v1/history/orders").param("symbol", "SOL_USDC").param("limit", 5)
                .param("note", "a b&c");
        assertThat(BackpackSigner.params(query)).isEqualTo(new TreeMap<>(Map.of("limit", "5", "note", "a b&c", "symbol", "SOL_USDC")));
    }

    @Test
    void aSignedCallNeedsItsInstruction() {
        assertThatThrownBy(() -> signer.sign(RestCall.of("GET /api/v1/capital"), DEMO_PUBLIC_KEY, DEMO_SEED, DOC_TIME))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSecretMustBeA32ByteBase64Seed() {
        for (String secret : new String[] {"", "not base64!", "AAAA", DEMO_SEED + DEMO_SEED, "secret,passphrase"}) {
            assertThatThrownBy(() -> signer.sign(RestCall.of("GET /api/v1/capital"), "balanceQuery", DEMO_PUBLIC_KEY, secret, DOC_TIME))
                    .as(secret)
                    .isInstanceOf(FmzError.class)
                    .hasMessage("secret_key must be the Backpack API secret: a base64 ED25519 private key of 32 bytes");
        }
    }

    @Test
    void theAccessKeyMustBeThePublicKeyOfTheSecret() {
        assertThatThrownBy(() -> signer.sign(RestCall.of("GET /api/v1/capital"), "balanceQuery", " ", DEMO_SEED, DOC_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing access_key");
        for (String wrong : new String[] {DEMO_SEED, "not base64!", "AAAA"}) {
            assertThatThrownBy(() -> signer.sign(RestCall.of("GET /api/v1/capital"), "balanceQuery", wrong, DEMO_SEED, DOC_TIME))
                    .as(wrong)
                    .isInstanceOf(FmzError.class)
                    .hasMessage("access_key is not the API key (public key) that belongs to this secret_key");
        }
    }

    @Test
    void credentialsNeverPrintTheSeed() {
        String printed = BackpackSigner.Credentials.parse(DEMO_PUBLIC_KEY, DEMO_SEED).toString();
        assertThat(printed).contains(DEMO_PUBLIC_KEY).doesNotContain(DEMO_SEED).doesNotContain("TDSk");
    }
}
