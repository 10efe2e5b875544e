package io.fmzbridge.exchange.bithumb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Bithumb publishes no test vector with its secret; this is the one computed in the exchange notes
 * (§5) with Python and openssl: key AK, secret SK, a zero nonce, timestamp 1712230310689.
 */
class BithumbSignerTest {

    static final String QUERY = "market=KRW-BTC&side=bid&ord_type=limit&price=100000000&volume=0.0001";
    static final String HASH = "5ca8b913404cb0801dfb83b3773e66814acef3301be63b31b5fc10397f7911bf"
            + "08177b7de39cdcd7a94886be3c930d81d853da453b8fce03892bc718bc85a4b7";
    static final String NONCE = "00000000-0000-0000-0000-000000000000";

    @Test
    void tokenReproducesTheComputedVector() {
        String[] token = BithumbSigner.JWT.token("AK", "SK", QUERY, NONCE, Instant.ofEpochMilli(1712230310689L)).split("\\.");
        assertThat(decode(token[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(decode(token[1])).isEqualTo("{\"access_key\":\"AK\",\"nonce\":\"" + NONCE
                + "\",\"timestamp\":1712230310689,\"query_hash\":\"" + HASH + "\",\"query_hash_alg\":\"SHA512\"}");
        assertThat(token[2]).isEqualTo("L0MJyf_tcCXuF6_j2fPSyznhN4pLJSxz0jAMiVh31UU");
    }

    @Test
    void withoutParametersTheTokenStillCarriesTheTimestamp() {
        String[] token = BithumbSigner.JWT.token("AK", "SK", "", NONCE, Instant.ofEpochMilli(1712230310689L)).split("\\.");
        assertThat(decode(token[1])).isEqualTo("{\"access_key\":\"AK\",\"nonce\":\"" + NONCE + "\",\"timestamp\":1712230310689}");
    }

    static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }
}
