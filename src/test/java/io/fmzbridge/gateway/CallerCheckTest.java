package io.fmzbridge.gateway;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.RunningBridge.RawReply;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.vault.AliasSecret;
import io.fmzbridge.vault.KeyVault;
import io.fmzbridge.vault.VaultEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only the FMZ docker's kind of request is served: a web page's request (it carries {@code Origin}
 * or {@code Sec-Fetch-*}) and a request for a host name that is not the bridge's (DNS rebinding)
 * are refused before the body is read, with plain keys and with a vault alias alike, and nothing
 * reaches the exchange.
 */
class CallerCheckTest {

    static final String KEY = "5b3c6d7e-caller-okx-key";
    static final String SECRET = "9D8C7B6A5F4E3D2C1B0A";
    static final String PASSPHRASE = "Caller-Passphrase.3";
    static final String PASSWORD = "caller-check-master-password";
    static final String ALIAS_SECRET = "caller-check-alias-secret-0123456789";

    @TempDir
    static Path dir;
    static OkxStub okx;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        okx = OkxStub.start();
        okx.addAccount(KEY, SECRET, PASSPHRASE);
        Path vaultFile = dir.resolve("vault.p12");
        KeyVault.empty().with("okx-main", new VaultEntry("okx", KEY, SECRET + "," + PASSPHRASE, AliasSecret.chosen(ALIAS_SECRET)))
                .save(vaultFile, PASSWORD.toCharArray());
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.call.rate-limit-enabled", "false",
                "fmz.vault.file", vaultFile.toString(),
                "fmz.vault.password-file", Files.writeString(dir.resolve("password"), PASSWORD).toString(),
                "fmz.listen.allowed-hosts", "fmz-bridge, Bridge.Internal:7000"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        okx.close();
    }

    @BeforeEach
    void forgetRequests() {
        okx.clear();
    }

    static String plainKeys() {
        return envelope("accounts", KEY, SECRET + "," + PASSPHRASE).toString();
    }

    static String alias() {
        return envelope("accounts", "vault:okx-main", ALIAS_SECRET).toString();
    }

    String loopback() {
        return "127.0.0.1:" + bridge.port();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "Origin         | http://evil.example",
            "Origin         | null",
            "Origin         | http://127.0.0.1:6666",
            "Sec-Fetch-Site | cross-site",
            "Sec-Fetch-Mode | no-cors",
            "Sec-Fetch-Dest | empty",
    })
    void aWebPagesRequestIsRefusedAndNothingIsSent(String header, String value) throws Exception {
        for (String body : new String[] {plainKeys(), alias()}) {
            // a cross-site "simple request": text/plain needs no preflight
            RawReply reply = bridge.postRaw("/OKX", loopback(), Map.of(header, value, "Content-Type", "text/plain"), body);

            assertThat(reply.status()).as(body).isEqualTo(403);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.json().path("error").asText()).isEqualTo("bridge: refused: the request carries " + header
                    + ", as a web browser's do; the bridge serves the FMZ docker only");
            assertThat(reply.json().has("data")).isFalse();
        }
        assertThat(okx.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:6666", "evil.example", "127.0.0.1.evil.example", "localhost.evil.example:6666",
            "fmz-bridge.evil.example", "bridge.internal:7001", "10.0.0.7:6666"})
    void aHostThatIsNotTheBridgesIsRefusedAndNothingIsSent(String host) throws Exception {
        for (String body : new String[] {plainKeys(), alias()}) {
            RawReply reply = bridge.postRaw("/OKX", host, Map.of(), body);

            assertThat(reply.status()).as(host).isEqualTo(403);
            assertThat(reply.json().path("error").asText()).as(host).startsWith("bridge: refused: the request is for host '")
                    .endsWith("', not this bridge: add the name the FMZ docker uses to fmz.listen.allowed-hosts");
        }
        assertThat(okx.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:66x", "[::1", "[::1]x", "bridge.internal:70000", "127.0.0.1:6666@evil.example"})
    void aMalformedHostIsRefusedByJettyAndNothingIsSent(String host) throws Exception {
        RawReply reply = bridge.postRaw("/OKX", host, Map.of(), plainKeys());

        assertThat(reply.status()).as(host).isEqualTo(400);
        assertThat(okx.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:%d", "127.0.0.1", "localhost:%d", "LocalHost:7777", "[::1]:%d", "[::1]",
            "fmz-bridge:%d", "FMZ-Bridge:6666", "fmz-bridge", "bridge.internal:7000", "bridge.internal"})
    void theDockersRequestIsServedForLoopbackAndAllowedNames(String host) throws Exception {
        RawReply reply = bridge.postRaw("/OKX", host.formatted(bridge.port()), Map.of(), plainKeys());

        assertThat(reply.status()).as(host).isEqualTo(200);
        assertThat(reply.json().path("data").isArray()).as(reply.body()).isTrue();
    }

    @Test
    void theDockersRequestShapeIsServedWithPlainKeysAndWithAnAlias() throws Exception {
        // the FMZ docker: a POST with Host and Content-Length, no Origin, no Sec-Fetch-*, no content type
        for (String body : new String[] {plainKeys(), alias()}) {
            RawReply reply = bridge.postRaw("/OKX", loopback(), Map.of(), body);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("data").isArray()).as(reply.body()).isTrue();
        }
        assertThat(okx.requests()).hasSize(2);
        assertThat(bridge.call("/OKX", envelope("accounts", KEY, SECRET + "," + PASSPHRASE)).path("data").isArray())
                .as("the JDK client's Host 127.0.0.1:<port>").isTrue();
    }

    @Test
    void aRequestWithoutHostIsServed() throws Exception {
        // HTTP/1.0 without a Host header: no browser sends one; a local program may, and the alias secret is what stops it
        RawReply reply = bridge.postRaw("/OKX", null, Map.of(), plainKeys());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("data").isArray()).as(reply.body()).isTrue();
    }

    @Test
    void aRefusalIsLoggedOnceWithWhatWasRefusedAndNoKey() throws Exception {
        try (LogCapture log = new LogCapture()) {
            bridge.postRaw("/OKX", loopback(), Map.of("Origin", "http://evil.example"), plainKeys());
            bridge.postRaw("/OKX", "evil.example:6666", Map.of(), alias());

            assertThat(log.text()).contains("WARN io.fmzbridge.gateway.CallerCheck refused a request to /OKX that carries"
                            + " Origin http://evil.example: a web browser's; the FMZ docker sends none")
                    .contains("WARN io.fmzbridge.gateway.CallerCheck refused a request to /OKX for host evil.example:6666:"
                            + " not a name of this bridge (fmz.listen.allowed-hosts)")
                    .doesNotContain(SECRET).doesNotContain(PASSPHRASE).doesNotContain(ALIAS_SECRET);
        }
    }

    @Test
    void aRefusedRequestLeavesTheBridgeServing() throws Exception {
        for (int i = 0; i < 20; i++) {
            bridge.postRaw("/OKX", loopback(), Map.of("Origin", "http://evil.example"), plainKeys());
        }
        JsonNode reply = bridge.call("/OKX", envelope("accounts", KEY, SECRET + "," + PASSPHRASE));
        assertThat(reply.path("data").isArray()).as(reply.toString()).isTrue();
    }
}
