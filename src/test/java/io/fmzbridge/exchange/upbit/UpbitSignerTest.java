package io.fmzbridge.exchange.upbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.sign.QueryHashJwt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Upbit publishes no test vector (its example token's secret is not given); these are the ones
 * computed in the exchange notes (§5) with Python and openssl: key AK, secret SK, a zero nonce.
 */
class UpbitSignerTest {

    static final String QUERY = "market=KRW-BTC&side=bid&ord_type=limit&price=100000000&volume=0.0001";
    static final String HASH = "5ca8b913404cb0801dfb83b3773e66814acef3301be63b31b5fc10397f7911bf"
            + "08177b7de39cdcd7a94886be3c930d81d853da453b8fce03892bc718bc85a4b7";
    static final String NONCE = "00000000-0000-0000-0000-000000000000";

    @Test
    void queryHashIsSha512HexOfTheQuery() {
        assertThat(QueryHashJwt.sha512Hex(QUERY)).isEqualTo(HASH);
    }

    @Test
    void tokenReproducesTheComputedVector() {
        String[] token = UpbitSigner.JWT.token("AK", "SK", QUERY, NONCE, Instant.EPOCH).split("\\.");
        assertThat(decode(token[0])).isEqualTo("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
        assertThat(decode(token[1])).isEqualTo("{\"access_key\":\"AK\",\"nonce\":\"" + NONCE
                + "\",\"query_hash\":\"" + HASH + "\",\"query_hash_alg\":\"SHA512\"}");
        assertThat(token[2]).isEqualTo("X2I5L56cf5Q0hx-HYls181euzFtznQSW_N6zyTGjb4YwjJJqwL1VaXRxc4vLlw_GHYojREm_XBGHLTvU3jA7Bg");
    }

    @Test
    void aPostHashesItsJsonFieldsAsAQueryNeverTheJson() {
        RestCall post = RestCall.of("POST /v1/orders").body(
                "{\"market\":\"KRW-BTC\",\"side\":\"bid\",\"ord_type\":\"limit\",\"price\":\"100000000\",\"volume\":\"0.0001\"}");
        assertThat(QueryHashJwt.hashedParams(post)).isEqualTo(QUERY);
    }

    @Test
    void aDeleteHashesItsDecodedQueryAndArraysKeepTheirBrackets() {
        RestCall delete = RestCall.of("DELETE /v1/order").param("uuid", "cdd92199-2897-4e14-9448-f923320408ad");
        assertThat(QueryHashJwt.hashedParams(delete)).isEqualTo("uuid=cdd92199-2897-4e14-9448-f923320408ad");
        RestCall list = RestCall.of("GET /v1/orders/open").param("states[]", "wait").param("states[]", "watch");
        assertThat(QueryHashJwt.hashedParams(list)).isEqualTo("states[]=wait&states[]=watch");
    }

    @Test
    void withoutParametersThereIsNoQueryHashAndEveryTokenHasItsOwnNonce() {
        RestCall signed = new UpbitSigner().sign(RestCall.of("GET /v1/accounts"), "AK", "SK", Instant.now());
        String[] token = signed.headers().get("Authorization").substring("Bearer ".length()).split("\\.");
        assertThat(decode(token[1])).startsWith("{\"access_key\":\"AK\",\"nonce\":\"").doesNotContain("query_hash");
        RestCall again = new UpbitSigner().sign(RestCall.of("GET /v1/accounts"), "AK", "SK", Instant.now());
        assertThat(again.headers().get("Authorization")).isNotEqualTo(signed.headers().get("Authorization"));
    }

    static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }
}
