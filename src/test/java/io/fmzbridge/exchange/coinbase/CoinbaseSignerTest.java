package io.fmzbridge.exchange.coinbase;

import static io.fmzbridge.exchange.coinbase.CoinbaseTestKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.JwsPrivateKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The JWT of every Coinbase request: the notes' Ed25519 vector, and fixed EC keys verified claim by claim. */
class CoinbaseSignerTest {

    private static final String VECTOR_KEY = "organizations/org-id/apiKeys/key-id";
    private static final String VECTOR_NONCE = "0123456789abcdef0123456789abcdef";
    private static final Instant VECTOR_TIME = Instant.ofEpochSecond(1700000000);
    private static final RestCall ACCOUNTS = RestCall.of("GET /api/v3/brokerage/accounts").param("limit", 250);

    private final CoinbaseSigner fixedNonce = new CoinbaseSigner("https://api.coinbase.com", () -> VECTOR_NONCE);

    private static CoinbaseJwt tokenOf(RestCall signed) {
        String authorization = signed.headers().get("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        CoinbaseJwt jwt = CoinbaseJwt.parse(authorization.substring("Bearer ".length()));
        assertThat(jwt).as("three base64url JSON segments").isNotNull();
        return jwt;
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reproducesTheNotesEd25519VectorByteForByte() {
        CoinbaseJwt jwt = tokenOf(fixedNonce.sign(ACCOUNTS, VECTOR_KEY, ED_SECRET, VECTOR_TIME));
        assertThat(jwt.headerSegment()).isEqualTo(b64url("{\"alg\":\"EdDSA\",\"kid\":\"organizations/org-id/apiKeys/key-id\","
                + "\"nonce\":\"0123456789abcdef0123456789abcdef\",\"typ\":\"JWT\"}"));
        assertThat(jwt.payloadSegment()).as("uri without the query").isEqualTo(b64url("{\"sub\":\"organizations/org-id/apiKeys/key-id\","
                + "\"iss\":\"cdp\",\"nbf\":1700000000,\"exp\":1700000120,\"uri\":\"GET api.coinbase.com/api/v3/brokerage/accounts\"}"));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(jwt.signature()))
                .isEqualTo("izFQKttV9ZYDHxRp2mD5_LO_YbHVJdxpixQ9i4pDH6fjR_SsvU3sYSxVcC2Wa30-Dlutp30D83DNVR5EjL27CQ");
        assertThat(jwt.verifiesEdDsa(edPublicKey())).isTrue();
    }

    @Test
    void anEcKeySignsEs256AndEveryClaimChecks() throws Exception {
        RestCall order = RestCall.of("POST /api/v3/brokerage/orders").body("{\"x\":1}");
        RestCall signed = new CoinbaseSigner("https://api.coinbase.com").sign(order, EC_KEY_NAME, EC_PEM, VECTOR_TIME);
        CoinbaseJwt jwt = tokenOf(signed);
        assertThat(jwt.verifiesEs256(ecPublicKey())).as("signature verifies with the public key").isTrue();
        assertThat(jwt.header().path("alg").asText()).isEqualTo("ES256");
        assertThat(jwt.header().path("kid").asText()).isEqualTo(EC_KEY_NAME);
        assertThat(jwt.header().path("typ").asText()).isEqualTo("JWT");
        assertThat(jwt.header().path("nonce").asText()).matches("[0-9a-f]{32}");
        assertThat(jwt.header().size()).isEqualTo(4);
        assertThat(jwt.claims().path("sub").asText()).isEqualTo(EC_KEY_NAME);
        assertThat(jwt.claims().path("iss").asText()).isEqualTo("cdp");
        assertThat(jwt.claims().path("nbf").asLong()).isEqualTo(1700000000L);
        assertThat(jwt.claims().path("exp").asLong()).isEqualTo(1700000120L);
        assertThat(jwt.claims().path("uri").asText()).isEqualTo("POST api.coinbase.com/api/v3/brokerage/orders");
        assertThat(jwt.claims().size()).isEqualTo(5);
        assertThat(signed.body()).isEqualTo(order.body());
        assertThat(signed.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void everyRequestGetsItsOwnNonceAndToken() {
        CoinbaseSigner signer = new CoinbaseSigner("https://api.coinbase.com");
        CoinbaseJwt first = tokenOf(signer.sign(ACCOUNTS, EC_KEY_NAME, EC_PEM, VECTOR_TIME));
        CoinbaseJwt second = tokenOf(signer.sign(ACCOUNTS, EC_KEY_NAME, EC_PEM, VECTOR_TIME));
        assertThat(first.header().path("nonce").asText()).isNotEqualTo(second.header().path("nonce").asText());
    }

    @Test
    void theUriClaimNamesTheConfiguredHostPortAndBasePath() {
        CoinbaseSigner local = new CoinbaseSigner("http://127.0.0.1:41234", () -> VECTOR_NONCE);
        assertThat(tokenOf(local.sign(ACCOUNTS, VECTOR_KEY, ED_SECRET, VECTOR_TIME)).claims().path("uri").asText())
                .isEqualTo("GET 127.0.0.1:41234/api/v3/brokerage/accounts");
        assertThat(CoinbaseSigner.hostAndBasePath("https://api.coinbase.com/")).isEqualTo("api.coinbase.com");
        assertThat(CoinbaseSigner.hostAndBasePath("https://proxy.example:8443/cb/")).isEqualTo("proxy.example:8443/cb");
    }

    @Test
    void aPemOnOneLineWithLiteralBackslashNWorks() throws Exception {
        String oneLine = oneLine(EC_PEM);
        assertThat(oneLine).doesNotContain("\n").contains("\\n");
        CoinbaseJwt jwt = tokenOf(fixedNonce.sign(ACCOUNTS, EC_KEY_NAME, oneLine, VECTOR_TIME));
        assertThat(jwt.verifiesEs256(ecPublicKey())).isTrue();
    }

    @Test
    void pkcs8KeysOfEitherKindWork() throws Exception {
        CoinbaseJwt ec = tokenOf(fixedNonce.sign(ACCOUNTS, EC_KEY_NAME, oneLine(EC_PKCS8_PEM), VECTOR_TIME));
        assertThat(ec.header().path("alg").asText()).isEqualTo("ES256");
        assertThat(ec.verifiesEs256(ecPublicKey())).isTrue();
        CoinbaseJwt ed = tokenOf(fixedNonce.sign(ACCOUNTS, ED_KEY_NAME, ED_PKCS8_PEM, VECTOR_TIME));
        assertThat(ed.header().path("alg").asText()).isEqualTo("EdDSA");
        assertThat(ed.verifiesEdDsa(edPkcs8PublicKey())).isTrue();
    }

    @Test
    void aBare32ByteSeedIsAnEd25519Key() {
        String seedOnly = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(Base64.getDecoder().decode(ED_SECRET), 32));
        CoinbaseJwt jwt = tokenOf(fixedNonce.sign(ACCOUNTS, VECTOR_KEY, seedOnly, VECTOR_TIME));
        assertThat(jwt.verifiesEdDsa(edPublicKey())).isTrue();
    }

    @Test
    void unusableSecretsAreClearErrors() {
        assertThatThrownBy(() -> fixedNonce.sign(ACCOUNTS, VECTOR_KEY, "not base64 at all!", VECTOR_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("secret_key must be the API key's private key");
        assertThatThrownBy(() -> fixedNonce.sign(ACCOUNTS, VECTOR_KEY, "AAAA", VECTOR_TIME))
                .isInstanceOf(FmzError.class).hasMessage("secret_key: a base64 Ed25519 secret decodes to 32 or 64 bytes, this one to 3");
        assertThatThrownBy(() -> fixedNonce.sign(ACCOUNTS, VECTOR_KEY, EC_PEM.replace("-----END EC PRIVATE KEY-----", ""), VECTOR_TIME))
                .isInstanceOf(FmzError.class).hasMessage("secret_key: the PEM has no '-----END EC PRIVATE KEY-----' line");
        byte[] wrongHalf = Base64.getDecoder().decode(ED_SECRET);
        wrongHalf[40] ^= 1;
        assertThatThrownBy(() -> fixedNonce.sign(ACCOUNTS, VECTOR_KEY, Base64.getEncoder().encodeToString(wrongHalf), VECTOR_TIME))
                .isInstanceOf(FmzError.class).hasMessageContaining("public half does not belong");
        assertThatThrownBy(() -> fixedNonce.sign(ACCOUNTS, VECTOR_KEY, " ", VECTOR_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing secret_key");
        assertThatThrownBy(() -> fixedNonce.sign(ACCOUNTS, " ", ED_SECRET, VECTOR_TIME))
                .isInstanceOf(FmzError.class).hasMessageStartingWith("missing access_key");
    }

    @Test
    void keysNeverPrintTheirSecret() {
        assertThat(JwsPrivateKey.parse(EC_PEM).toString()).isEqualTo("JwsPrivateKey.EcKey[redacted]");
        assertThat(JwsPrivateKey.parse(ED_SECRET).toString()).isEqualTo("JwsPrivateKey.Ed25519Key[redacted]");
    }
}
