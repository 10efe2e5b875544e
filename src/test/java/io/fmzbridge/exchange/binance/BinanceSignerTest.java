package io.fmzbridge.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Binance's documented HMAC examples (rest-api.md, "SIGNED Endpoint Examples for POST /api/v3/order"). */
class BinanceSignerTest {

    static final String DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    static final String DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    static final Instant DOC_TIME = Instant.ofEpochMilli(1499827319559L);

    private final BinanceSigner signer = new BinanceSigner(5000);

    private static RestCall documentedOrder(String symbol) {
        return RestCall.of("POST /api/v3/order").param("symbol", symbol).param("side", "BUY").param("type", "LIMIT")
                .param("timeInForce", "GTC").param("quantity", "1").param("price", "0.1");
    }

    @Test
    void reproducesTheDocumentedSignature() {
        RestCall signed = signer.sign(documentedOrder("LTCBTC"), DOC_KEY, DOC_SECRET, DOC_TIME);
        assertThat(signed.query()).isEqualTo("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                + "&recvWindow=5000&timestamp=1499827319559"
                + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        assertThat(signed.headers()).containsEntry("X-MBX-APIKEY", DOC_KEY);
        assertThat(signed.body()).isEmpty();
    }

    @Test
    void signsNonAsciiAfterPercentEncodingAsDocumented() {
        RestCall signed = signer.sign(documentedOrder("１２３４５６"), DOC_KEY, DOC_SECRET, DOC_TIME);
        assertThat(signed.query()).isEqualTo("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96"
                + "&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                + "&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
    }

    @Test
    void aBodyIsSignedAfterTheQueryWithoutSeparator() {
        // the old docs' "Example 3" payload: query then body, no '&' between them
        assertThat(BinanceSigner.signature(DOC_SECRET, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
                + "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"))
                .isEqualTo("0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
        RestCall withBody = new RestCall("POST", "/api/v3/order", "symbol=LTCBTC", "quantity=1", java.util.Map.of());
        RestCall signed = signer.sign(withBody, DOC_KEY, DOC_SECRET, DOC_TIME);
        assertThat(signed.query()).endsWith("&signature="
                + BinanceSigner.signature(DOC_SECRET, "symbol=LTCBTC&recvWindow=5000&timestamp=1499827319559quantity=1"));
        assertThat(signed.body()).isEqualTo("quantity=1");
    }

    @Test
    void theRecvWindowIsConfigurableWithinBinanceLimits() {
        RestCall signed = new BinanceSigner(60000).sign(RestCall.of("GET /api/v3/account"), "k", "s", DOC_TIME);
        assertThat(signed.query()).startsWith("recvWindow=60000&timestamp=1499827319559&signature=");
        assertThatThrownBy(() -> new BinanceSigner(60001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinanceSigner(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsMistakesAreClearErrors() {
        RestCall call = RestCall.of("GET /api/v3/account");
        assertThatThrownBy(() -> signer.sign(call, " ", DOC_SECRET, DOC_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing access_key");
        assertThatThrownBy(() -> signer.sign(call, DOC_KEY, "", DOC_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing secret_key");
        assertThatThrownBy(() -> signer.sign(call, DOC_KEY, DOC_SECRET + ",passphrase", DOC_TIME))
                .isInstanceOf(FmzError.class)
                .hasMessage("secret_key for Binance is the plain API secret, without a passphrase or commas");
    }
}
