package io.fmzbridge.vault;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge end to end with a key vault: FMZ's envelope holds only {@code vault:<alias>}, and the
 * local OKX accepts the call only when it is signed with the real secret and passphrase.
 */
class VaultBridgeTest {

    static final String PASSWORD = "vault-master-password-7Q";
    static final String KEY = "5b3c6d7e-real-okx-key";
    static final String SECRET = "9D8C7B6A5F4E3D2C1B0A";
    static final String PASSPHRASE = "Real-Passphrase.2";

    @TempDir
    static Path dir;
    static Path vaultFile;
    static Path passwordFile;
    static OkxStub okx;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        okx = OkxStub.start();
        okx.addAccount(KEY, SECRET, PASSPHRASE);
        vaultFile = dir.resolve("vault.p12");
        passwordFile = Files.writeString(dir.resolve("vault-password"), PASSWORD + "\n");
        KeyVault.empty()
                .with("okx-main", new VaultEntry("okx", KEY, SECRET + "," + PASSPHRASE))
                .with("binance-main", new VaultEntry("binance", "binance-real-key", "binance-real-secret"))
                .save(vaultFile, PASSWORD.toCharArray());
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.exchange.okx.rate-limit", "100000",
                "fmz.vault.file", vaultFile.toString(),
                "fmz.vault.password-file", passwordFile.toString()));
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

    @Test
    void anEnvelopeWithOnlyTheAliasIsSignedWithTheStoredKeys() throws Exception {
        JsonNode reply = bridge.call("/OKX", envelope("accounts", "vault:okx-main", "vault"));

        assertThat(reply.has("error")).as(reply.toString()).isFalse();
        assertThat(reply.path("data").isArray()).isTrue();
        StubRequest sent = okx.requests().get(okx.requests().size() - 1);
        assertThat(sent.headers()).containsEntry("ok-access-key", KEY).containsEntry("ok-access-passphrase", PASSPHRASE);
    }

    @Test
    void ordersPlacedThroughAnAliasAreFoundAndCancelledThroughIt() throws Exception {
        JsonNode placed = bridge.call("/OKX", envelope("trade", "vault:OKX-Main", "",
                "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000"));
        String id = placed.path("data").path("id").asText();
        assertThat(id).as(placed.toString()).startsWith("BTC-USDT,");

        JsonNode order = bridge.call("/OKX", envelope("order", "vault:okx-main", "", "id", id));
        assertThat(order.path("data").path("id").asText()).isEqualTo(id);
        JsonNode cancelled = bridge.call("/OKX", envelope("cancel", "vault:okx-main", "", "id", id));
        assertThat(cancelled.has("error")).as(cancelled.toString()).isFalse();
    }

    @Test
    void anUnknownAliasIsRefusedBeforeAnyCall() throws Exception {
        JsonNode reply = bridge.call("/OKX", envelope("accounts", "vault:nope", ""));

        assertThat(reply.path("error").asText())
                .isEqualTo("OKX: no alias 'nope' in the key vault (add it with: vault add nope okx)");
        assertThat(okx.requests()).isEmpty();
    }

    @Test
    void anAliasOfAnotherExchangeIsRefusedSoItsKeysNeverLeave() throws Exception {
        for (String method : List.of("accounts", "ticker")) {
            JsonNode reply = bridge.call("/OKX", envelope(method, "vault:binance-main", "", "symbol", "BTC_USDT"));
            assertThat(reply.path("error").asText()).isEqualTo("OKX: key-vault alias 'binance-main' holds keys for binance,"
                    + " not okx: refused, so they are never sent to another exchange");
        }
        assertThat(okx.requests()).isEmpty();
    }

    @Test
    void aMalformedAliasIsRefused() throws Exception {
        assertThat(bridge.call("/OKX", envelope("accounts", "vault:", "")).path("error").asText())
                .startsWith("OKX: the access key 'vault:…' names no valid alias");
        assertThat(bridge.call("/OKX", envelope("accounts", "vault:a b", "")).path("error").asText())
                .startsWith("OKX: the access key 'vault:…' names no valid alias");
    }

    @Test
    void plainKeysStillWorkBesideTheVault() throws Exception {
        JsonNode reply = bridge.call("/OKX", envelope("accounts", KEY, SECRET + "," + PASSPHRASE));
        assertThat(reply.path("data").isArray()).as(reply.toString()).isTrue();
    }

    @Test
    void anAliasAddedWhileTheBridgeRunsIsServedWithoutARestart() throws Exception {
        String second = "second-okx-key-0001";
        okx.addAccount(second, "second-secret", "second-phrase");
        KeyVault.load(vaultFile, PASSWORD.toCharArray())
                .with("okx-second", new VaultEntry("okx", second, "second-secret,second-phrase"))
                .save(vaultFile, PASSWORD.toCharArray());
        try {
            JsonNode reply = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                reply = bridge.call("/OKX", envelope("accounts", "vault:okx-second", ""));
                if (!reply.has("error")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(reply.has("error")).as(String.valueOf(reply)).isFalse();
            assertThat(okx.requests().get(okx.requests().size() - 1).headers()).containsEntry("ok-access-key", second);
        } finally {
            KeyVault.load(vaultFile, PASSWORD.toCharArray()).without("okx-second").save(vaultFile, PASSWORD.toCharArray());
        }
    }

    @Test
    void noStoredSecretOrPasswordReachesRepliesHeadersOrLogs() throws Exception {
        List<String> seen = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            for (var envelope : List.of(
                    envelope("accounts", "vault:okx-main", ""),
                    envelope("trade", "vault:okx-main", "", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1"),
                    envelope("accounts", "vault:nope", ""),
                    envelope("accounts", "vault:binance-main", ""),
                    envelope("__api_/api/v5/account/balance", "vault:okx-main", ""))) {
                HttpResponse<String> response = bridge.post("/OKX", envelope.toString(), Map.of());
                seen.add(response.headers().map().toString());
                seen.add(response.body());
            }
            seen.add(log.text());
            assertThat(log.text()).as("the capture sees the bridge at work").contains("ReplyWriter");
        }
        for (String text : seen) {
            assertThat(text).doesNotContain(SECRET).doesNotContain(PASSPHRASE).doesNotContain(PASSWORD)
                    .doesNotContain("binance-real-secret").doesNotContain("binance-real-key");
        }
    }

    @Test
    void withTheVaultOffAnAliasIsAClearError() throws Exception {
        try (RunningBridge plain = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()))) {
            JsonNode reply = plain.call("/OKX", envelope("accounts", "vault:okx-main", ""));
            assertThat(reply.path("error").asText()).isEqualTo("OKX: the access key names a key-vault alias,"
                    + " but the bridge's key vault is off (start it with fmz.vault.file set)");
        }
        assertThat(okx.requests()).isEmpty();
    }

    @Test
    void aWrongMasterPasswordStopsTheStartWithoutShowingIt() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-password"), "a-wrong-guess-42");
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> RunningBridge.start(Map.of(
                    "fmz.vault.file", vaultFile.toString(), "fmz.vault.password-file", wrong.toString())))
                    .satisfies(failure -> assertThat(messages(failure))
                            .contains("key vault " + vaultFile + ": wrong master password, or the file was altered")
                            .doesNotContain("a-wrong-guess-42"));
            assertThat(log.text()).contains("ERROR io.fmzbridge.vault.VaultCredentials the bridge cannot start: key vault "
                            + vaultFile + ": wrong master password")
                    .doesNotContain("a-wrong-guess-42").doesNotContain(PASSWORD);
        }
    }

    @Test
    void aMissingVaultFileStopsTheStart() {
        assertThatThrownBy(() -> RunningBridge.start(Map.of(
                "fmz.vault.file", dir.resolve("absent.p12").toString(), "fmz.vault.password-file", passwordFile.toString())))
                .satisfies(failure -> assertThat(messages(failure)).contains("absent.p12 does not exist"));
    }

    /** Every message down the cause chain: the bean's error arrives wrapped by Camel. */
    static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
