package io.fmzbridge.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JWT-with-query-hash scheme as a route file configures it gives the tokens Upbit's and Bithumb's signers give. */
class QueryHashJwtSignerTest {

    static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-for-hs256-and-more-for-hs512!";
    static final Instant NOW = Instant.parse("2024-01-02T03:04:05.678Z");

    static JWSObject token(RestCall signed) throws Exception {
        String authorization = signed.headers().get("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        return JWSObject.parse(authorization.substring("Bearer ".length()));
    }

    @Test
    void configuredAsUpbitItSignsAsUpbitsSignerDoes() throws Exception {
        QueryHashJwtSigner declared = new QueryHashJwtSigner();
        declared.setAlgorithm("HS512");
        RestCall call = RestCall.of("GET /v1/orders").param("market", "KRW-BTC").param("state", "wait");
        JWSObject mine = token(declared.sign(call, "key", SECRET, NOW));
        JWSObject upbits = token(new io.fmzbridge.exchange.upbit.UpbitSigner().sign(call, "key", SECRET, NOW));
        assertThat(mine.getHeader().toString()).isEqualTo(upbits.getHeader().toString());
        Map<String, Object> claims = mine.getPayload().toJSONObject();
        Map<String, Object> theirs = upbits.getPayload().toJSONObject();
        assertThat(claims.keySet()).isEqualTo(theirs.keySet()).doesNotContain("timestamp");
        assertThat(claims.get("query_hash")).isEqualTo(theirs.get("query_hash"));
        assertThat(mine.verify(new MACVerifier(SECRET))).isTrue();
    }

    @Test
    void configuredAsBithumbItCarriesTheTimeAndSignsHs256() throws Exception {
        QueryHashJwtSigner declared = new QueryHashJwtSigner();
        declared.setTimestamp(true);
        JWSObject mine = token(declared.sign(RestCall.of("GET /v1/accounts"), "key", SECRET, NOW));
        assertThat(mine.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(mine.getPayload().toJSONObject()).containsEntry("timestamp", NOW.toEpochMilli()).doesNotContainKey("query_hash");
        assertThat(mine.verify(new MACVerifier(SECRET))).isTrue();
    }

    @Test
    void whatItRefuses() {
        assertThatThrownBy(() -> new QueryHashJwtSigner().setAlgorithm("RS256")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("algorithm must be HS256, HS384 or HS512, not 'RS256'");
        assertThatThrownBy(() -> new QueryHashJwtSigner().sign(RestCall.of("GET /x"), "key", " ", NOW)).isInstanceOf(FmzError.class)
                .hasMessageStartingWith("missing credentials");
    }
}
