package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestCallTest {

    @Test
    void queryIsBuiltInOrderAndPercentEncoded() {
        RestCall call = RestCall.of("GET /api/v5/x").param("instId", "BTC-USDT").param("skip", null)
                .param("note", "a b&c=d~").param("sz", 5);
        assertThat(call.query()).isEqualTo("instId=BTC-USDT&note=a%20b%26c%3Dd~&sz=5");
        assertThat(call.pathWithQuery()).isEqualTo("/api/v5/x?instId=BTC-USDT&note=a%20b%26c%3Dd~&sz=5");
    }

    @Test
    void printingACallShowsNeitherHeadersNorBody() {
        RestCall call = RestCall.of("POST /api/v5/trade/order").body("{\"sz\":\"1\"}").header("OK-ACCESS-SIGN", "sig");
        assertThat(call.toString()).isEqualTo("RestCall[POST /api/v5/trade/order]");
    }
}
