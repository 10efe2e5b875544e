package io.fmzbridge.exchange.coinbase;

import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.sign.KeyPairJwtSigner;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The shared key-pair JWT signer with the properties a route file would give it for Coinbase: its
 * tokens are Coinbase's, byte for byte, and verify for both kinds of CDP key.
 */
class DeclaredCoinbaseJwtTest {

    private static final String NONCE = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.ofEpochSecond(1700000000);
    private static final RestCall ACCOUNTS = RestCall.of("GET /api/v3/brokerage/accounts").param("limit", 250);

    /** As a route file's bean declares it (properties in the file's order). */
    private static KeyPairJwtSigner declaredAsCoinbase(Supplier<String> nonces) {
        KeyPairJwtSigner jwt = new KeyPairJwtSigner(nonces);
        jwt.setAlgorithm("key");
        jwt.setTokenHeader("Authorization");
        jwt.setTokenPrefix("Bearer ");
        jwt.setKeyNameHeader("kid");
        jwt.setNonceHeader("nonce");
        jwt.setKeyNameClaim("sub");
        jwt.setIssuer("cdp");
        jwt.setLifetimeSeconds(120);
        jwt.setUri("{verb} {host}{path}");
        jwt.setBaseUrl("https://api.coinbase.com");
        return jwt;
    }

    private static String authorization(RestCall signed) {
        return signed.headers().get("Authorization");
    }

    @Test
    void givesCoinbasesOwnTokenByteForByte() {
        for (String[] key : new String[][] {{ED_KEY_NAME, ED_SECRET}, {EC_KEY_NAME, EC_PEM}}) {
            // ES256 signatures are randomised: equal header and payload, and both verify
            String declared = authorization(declaredAsCoinbase(() -> NONCE).sign(ACCOUNTS, key[0], key[1], NOW));
            String packaged = authorization(new CoinbaseSigner("https://api.coinbase.com", () -> NONCE).sign(ACCOUNTS, key[0], key[1], NOW));
            assertThat(declared.substring(0, declared.lastIndexOf('.'))).isEqualTo(packaged.substring(0, packaged.lastIndexOf('.')));
        }
        String ed = authorization(declaredAsCoinbase(() -> NONCE).sign(ACCOUNTS, "organizations/org-id/apiKeys/key-id", ED_SECRET, NOW));
        assertThat(ed).as("the notes' Ed25519 vector, whose signature is deterministic")
                .endsWith(".izFQKttV9ZYDHxRp2mD5_LO_YbHVJdxpixQ9i4pDH6fjR_SsvU3sYSxVcC2Wa30-Dlutp30D83DNVR5EjL27CQ");
    }

    @Test
    void bothKeyKindsVerifyAsCoinbaseChecksThem() throws Exception {
        KeyPairJwtSigner jwt = declaredAsCoinbase(() -> NONCE);
        CoinbaseJwt ec = CoinbaseJwt.parse(authorization(jwt.sign(ACCOUNTS, EC_KEY_NAME, oneLine(EC_PEM), NOW)).substring(7));
        assertThat(ec.header().path("alg").asText()).isEqualTo("ES256");
        assertThat(ec.verifiesEs256(ecPublicKey())).isTrue();
        CoinbaseJwt ed = CoinbaseJwt.parse(authorization(jwt.sign(ACCOUNTS, ED_KEY_NAME, ED_PKCS8_PEM, NOW)).substring(7));
        assertThat(ed.header().path("alg").asText()).isEqualTo("EdDSA");
        assertThat(ed.verifiesEdDsa(edPkcs8PublicKey())).isTrue();
        assertThat(ed.claims().path("uri").asText()).isEqualTo("GET api.coinbase.com/api/v3/brokerage/accounts");
        assertThat(ed.claims().path("exp").asLong() - ed.claims().path("nbf").asLong()).isEqualTo(120);
    }
}
