package io.fmzbridge.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The key-pair JWT scheme as a route file configures it: what each property puts in the token, and what it refuses. */
class KeyPairJwtSignerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.ofEpochSecond(1700000000);
    private static final RestCall CALL = RestCall.of("POST /v2/orders").param("pair", "BTC-USD").body("{\"size\":\"1\"}");

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----";
    }

    private static JsonNode segment(String token, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @Test
    void everyDeclaredPartIsInTheTokenAndNothingElse() throws Exception {
        KeyPair keys = ecKeys();
        KeyPairJwtSigner jwt = new KeyPairJwtSigner(() -> "n1");
        jwt.setTokenHeader("X-Token");
        jwt.setTokenPrefix("");
        jwt.setKeyNameHeader("kid");
        jwt.setIssuer("acme");
        jwt.setLifetimeSeconds(30);
        jwt.setUriClaim("req");
        jwt.setUri("{verb} {host}{path}{?query}");
        jwt.setBaseUrl("https://api.acme.example:8443/base/");
        RestCall signed = jwt.sign(CALL, " key-1 ", pem(keys), NOW);

        String token = signed.headers().get("X-Token");
        assertThat(JWSObject.parse(token).verify(new ECDSAVerifier((ECPublicKey) keys.getPublic()))).isTrue();
        assertThat(segment(token, 0).toString()).as("no nonce declared: none").isEqualTo("{\"alg\":\"ES256\",\"kid\":\"key-1\",\"typ\":\"JWT\"}");
        assertThat(segment(token, 1).toString()).as("no key-name claim declared: none")
                .isEqualTo("{\"iss\":\"acme\",\"nbf\":1700000000,\"exp\":1700000030,\"req\":\"POST api.acme.example:8443/base/v2/orders?pair=BTC-USD\"}");
        assertThat(signed.body()).isEqualTo(CALL.body());
        assertThat(signed.headers()).doesNotContainKey("Authorization");
    }

    @Test
    void aDeclaredAlgorithmRefusesTheOtherKindOfKey() throws Exception {
        KeyPairJwtSigner eddsa = new KeyPairJwtSigner();
        eddsa.setAlgorithm("EdDSA");
        assertThatThrownBy(() -> eddsa.sign(CALL, "k", pem(ecKeys()), NOW)).isInstanceOf(FmzError.class)
                .hasMessage("secret_key: this exchange signs EdDSA, which needs an Ed25519 private key, not an EC one");
        KeyPairJwtSigner es256 = new KeyPairJwtSigner();
        es256.setAlgorithm("es256");
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> es256.sign(CALL, "k", pem(ed), NOW)).isInstanceOf(FmzError.class)
                .hasMessage("secret_key: this exchange signs ES256, which needs an EC P-256 private key, not an Ed25519 one");
        assertThat(segment(eddsa.sign(CALL, "k", pem(ed), NOW).headers().get("Authorization").substring(7), 0).path("alg").asText())
                .isEqualTo("EdDSA");
    }

    @Test
    void mistakesInTheRouteFileFailWhenTheBeanIsBuilt() {
        KeyPairJwtSigner jwt = new KeyPairJwtSigner();
        assertThatThrownBy(() -> jwt.setAlgorithm("RS256")).hasMessage("algorithm must be ES256, EdDSA or key (follow the key), not 'RS256'");
        assertThatThrownBy(() -> jwt.setUri("{verb} {hots}{path}"))
                .hasMessageContaining("names {hots}; the parts are {timestamp} {verb} {path} {query} {?query} {body} {key}");
        assertThatThrownBy(() -> jwt.setBaseUrl("api.coinbase.com")).hasMessageStartingWith("baseUrl must be an absolute URL");
        assertThatThrownBy(() -> jwt.setKeyNameClaim("s u b")).hasMessageStartingWith("keyNameClaim must be a JSON field name");
        assertThatThrownBy(() -> jwt.setLifetimeSeconds(0)).hasMessage("lifetimeSeconds must be at least 1, not 0");
    }

    @Test
    void aHostWithoutABaseUrlAndMissingCredentialsAreClearErrors() throws Exception {
        KeyPairJwtSigner jwt = new KeyPairJwtSigner();
        jwt.setUri("{verb} {host}{path}");
        String pem = pem(ecKeys());
        assertThatThrownBy(() -> jwt.sign(CALL, "k", pem, NOW)).isInstanceOf(FmzError.class)
                .hasMessage("the signer's uri names {host}, but its 'baseUrl' is not set in the exchange's route file");
        assertThatThrownBy(() -> jwt.sign(CALL, " ", pem, NOW)).isInstanceOf(FmzError.class).hasMessageStartingWith("missing access_key");
        assertThatThrownBy(() -> jwt.sign(CALL, "k", "", NOW)).isInstanceOf(FmzError.class).hasMessageStartingWith("missing secret_key");
    }
}
