package io.fmzbridge.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.binance.BinanceSigner;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query HMAC scheme as route files configure it, checked against Binance's documented signature. */
class QueryHmacSignerTest {

    /** Binance's documented key, secret and time (see BinanceSignerTest). */
    private static final String DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private static final String DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final Instant DOC_TIME = Instant.ofEpochMilli(1499827319559L);

    static QueryHmacSigner binanceLike() {
        QueryHmacSigner signer = new QueryHmacSigner();
        signer.setKeyHeader("X-MBX-APIKEY");
        signer.setRecvWindowParam("recvWindow");
        signer.setRecvWindowMs(5000);
        return signer;
    }

    private static RestCall documentedOrder() {
        return RestCall.of("POST /api/v3/order").param("symbol", "LTCBTC").param("side", "BUY").param("type", "LIMIT")
                .param("timeInForce", "GTC").param("quantity", "1").param("price", "0.1");
    }

    @Test
    void configuredAsBinanceItGivesBinancesDocumentedSignature() {
        RestCall signed = binanceLike().sign(documentedOrder(), DOC_KEY, DOC_SECRET, DOC_TIME);
        assertThat(signed.query()).isEqualTo("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                + "&recvWindow=5000&timestamp=1499827319559"
                + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        assertThat(signed.headers()).containsEntry("X-MBX-APIKEY", DOC_KEY);
    }

    @Test
    void configuredAsBinanceItSignsExactlyAsBinanceSignerDoes() {
        RestCall withBody = new RestCall("POST", "/api/v3/order", "symbol=LTCBTC", "quantity=1", Map.of());
        for (RestCall call : new RestCall[] {documentedOrder(), withBody, RestCall.of("GET /api/v3/account")}) {
            assertThat(binanceLike().sign(call, DOC_KEY, DOC_SECRET, DOC_TIME))
                    .isEqualTo(new BinanceSigner(5000).sign(call, DOC_KEY, DOC_SECRET, DOC_TIME));
        }
    }

    @Test
    void ownParameterNamesAlgorithmAndEncoding() throws Exception {
        QueryHmacSigner signer = new QueryHmacSigner();
        signer.setKeyHeader("X-ACME-KEY");
        signer.setTimestampParam("ts");
        signer.setSignatureParam("sig");
        signer.setAlgorithm("HmacSHA512");
        signer.setEncoding("base64");
        signer.setTimestamp("seconds");
        RestCall signed = signer.sign(RestCall.of("GET /v1/account").param("currency", "BTC"), "K", "S", DOC_TIME);
        String expected = java.util.Base64.getEncoder().encodeToString(
                java.util.HexFormat.of().parseHex(HeaderHmacSignerTest.hmacHex("HmacSHA512", "S", "currency=BTC&ts=1499827319")));
        assertThat(signed.query()).isEqualTo("currency=BTC&ts=1499827319&sig=" + RestCall.encode(expected));
        assertThat(signed.headers()).containsEntry("X-ACME-KEY", "K");
    }

    @Test
    void missingSettingsAndCredentialsAreClearErrors() {
        assertThatThrownBy(() -> new QueryHmacSigner().sign(RestCall.of("GET /x"), "k", "s", DOC_TIME))
                .isInstanceOf(FmzError.class).hasMessage("the signer's 'keyHeader' is not set in the exchange's route file");
        assertThatThrownBy(() -> binanceLike().sign(RestCall.of("GET /x"), "k", " ", DOC_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing secret_key");
    }
}
