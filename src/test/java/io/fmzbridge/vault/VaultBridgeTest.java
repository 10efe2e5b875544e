package io.fmzbridge.vault;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.StubRequest;
import io.micrometer.core.instrument.MeterRegistry;
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
 * The bridge end to end with a key vault: FMZ's envelope holds only {@code vault:<alias>} and the
 * alias's own secret, and the local OKX accepts the call only when it is signed with the real
 * secret and passphrase.
 */
class VaultBridgeTest {

    static final String PASSWORD = "vault-master-password-7Q";
    static final String KEY = "5b3c6d7e-real-okx-key";
    static final String SECRET = "9D8C7B6A5F4E3D2C1B0A";
    static final String PASSPHRASE = "Real-Passphrase.2";
    static final String ALIAS_SECRET = "okx-main-alias-secret-4f9a2c7e";
    static final String OTHER_SECRET = "okx-other-alias-secret-81d3b0";
    static final String BINANCE_ALIAS_SECRET = "binance-alias-secret-55e1c9d2";

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
        VaultEntry okxKeys = new VaultEntry("okx", KEY, SECRET + "," + PASSPHRASE);
        KeyVault.empty()
                .with("okx-main", okxKeys.withAliasSecret(AliasSecret.chosen(ALIAS_SECRET)))
                // the tests that send wrong secrets each have an alias of their own: the lock-out is per alias
                .with("okx-wrong", okxKeys.withAliasSecret(AliasSecret.chosen(OTHER_SECRET)))
                .with("okx-locked", okxKeys.withAliasSecret(AliasSecret.chosen(OTHER_SECRET)))
                // as stored before aliases had secrets
                .with("okx-old", okxKeys)
                .with("binance-main", new VaultEntry("binance", "binance-real-key", "binance-real-secret",
                        AliasSecret.chosen(BINANCE_ALIAS_SECRET)))
                .save(vaultFile, PASSWORD.toCharArray());
        bridge = RunningBridge.start(Map.of(
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.call.rate-limit-enabled", "false",
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
        JsonNode reply = bridge.call("/OKX", envelope("accounts", "vault:okx-main", ALIAS_SECRET));

        assertThat(reply.has("error")).as(reply.toString()).isFalse();
        assertThat(reply.path("data").isArray()).isTrue();
        StubRequest sent = okx.requests().get(okx.requests().size() - 1);
        assertThat(sent.headers()).containsEntry("ok-access-key", KEY).containsEntry("ok-access-passphrase", PASSPHRASE);
    }

    @Test
    void ordersPlacedThroughAnAliasAreFoundAndCancelledThroughIt() throws Exception {
        JsonNode placed = bridge.call("/OKX", envelope("trade", "vault:OKX-Main", ALIAS_SECRET,
                "symbol", "BTC_USDT", "type", "buy", "amount", "0.01", "price", "20000"));
        String id = placed.path("data").path("id").asText();
        assertThat(id).as(placed.toString()).startsWith("BTC-USDT,");

        JsonNode order = bridge.call("/OKX", envelope("order", "vault:okx-main", ALIAS_SECRET, "id", id));
        assertThat(order.path("data").path("id").asText()).isEqualTo(id);
        JsonNode cancelled = bridge.call("/OKX", envelope("cancel", "vault:okx-main", ALIAS_SECRET, "id", id));
        assertThat(cancelled.has("error")).as(cancelled.toString()).isFalse();
    }

    @Test
    void aWrongOrMissingAliasSecretIsRefusedWithOneWarningAndNothingIsSent() throws Exception {
        String nearMiss = OTHER_SECRET.substring(0, OTHER_SECRET.length() - 1) + "x";
        try (LogCapture log = new LogCapture()) {
            for (String wrong : new String[] {"", nearMiss, OTHER_SECRET + "x"}) {
                JsonNode reply = bridge.call("/OKX", envelope("accounts", "vault:okx-wrong", wrong));
                assertThat(reply.path("error").asText()).as(wrong).isEqualTo("OKX: wrong or missing secret for key-vault alias"
                        + " 'okx-wrong': FMZ's Secret Key field holds the alias's secret (`vault secret okx-wrong` sets a new one)");
            }
            assertThat(okx.requests()).isEmpty();
            String warning = "WARN io.fmzbridge.vault.VaultCredentials key-vault alias 'okx-wrong': wrong or missing secret"
                    + " in a call to OKX, refused and nothing sent ";
            assertThat(log.text().lines().filter(line -> line.startsWith("WARN"))).containsExactly(warning, warning, warning);
            assertThat(log.text()).doesNotContain(OTHER_SECRET).doesNotContain(nearMiss);
        }
        JsonNode right = bridge.call("/OKX", envelope("accounts", "vault:okx-wrong", OTHER_SECRET));
        assertThat(right.path("data").isArray()).as("below the lock-out, the right secret serves: " + right).isTrue();
    }

    @Test
    void repeatedWrongSecretsLockTheAliasAndEvenTheRightOneIsRefusedAtOnce() throws Exception {
        try (LogCapture log = new LogCapture()) {
            for (int i = 1; i <= 5; i++) {
                JsonNode reply = bridge.call("/OKX", envelope("accounts", "vault:okx-locked", "guess-number-" + i));
                assertThat(reply.path("error").asText()).as("guess " + i).startsWith("OKX: wrong or missing secret");
            }
            assertThat(log.text()).contains("key-vault alias 'okx-locked': wrong or missing secret in a call to OKX, refused"
                    + " and nothing sent; after 5 wrong secrets within a minute its calls are refused at once for ");
        }
        JsonNode locked = bridge.call("/OKX", envelope("accounts", "vault:okx-locked", OTHER_SECRET));

        assertThat(locked.path("error").asText()).matches("OKX: key-vault alias 'okx-locked' is locked after repeated wrong"
                + " secrets; calls naming it are refused for the next 1?\\d s");
        assertThat(okx.requests()).isEmpty();
        MeterRegistry meters = bridge.lookup(MeterRegistry.class);
        assertThat(meters.get("fmz.vault.lockouts").tag("alias", "okx-locked").counter().count()).isEqualTo(1);
        assertThat(meters.get("fmz.vault.refusals").tag("alias", "okx-locked").tag("reason", "wrong-secret").counter().count())
                .isEqualTo(5);
        assertThat(meters.get("fmz.vault.refusals").tag("alias", "okx-locked").tag("reason", "locked").counter().count())
                .isEqualTo(1);
        JsonNode other = bridge.call("/OKX", envelope("accounts", "vault:okx-main", ALIAS_SECRET));
        assertThat(other.path("data").isArray()).as("the lock is the alias's alone: " + other).isTrue();
    }

    @Test
    void anAliasStoredWithoutASecretIsRefusedWithHowToSetOne() throws Exception {
        for (String secret : new String[] {"", "vault", ALIAS_SECRET}) {
            JsonNode reply = bridge.call("/OKX", envelope("accounts", "vault:okx-old", secret));
            assertThat(reply.path("error").asText()).isEqualTo("OKX: key-vault alias 'okx-old' has no secret yet and is refused:"
                    + " set one with `vault secret okx-old`, then put it in FMZ's Secret Key field");
        }
        assertThat(okx.requests()).isEmpty();
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
            JsonNode reply = bridge.call("/OKX", envelope(method, "vault:binance-main", BINANCE_ALIAS_SECRET, "symbol", "BTC_USDT"));
            assertThat(reply.path("error").asText()).isEqualTo("OKX: key-vault alias 'binance-main' holds keys for binance,"
                    + " not okx: refused, so they are never sent to another exchange");
        }
        JsonNode withoutSecret = bridge.call("/OKX", envelope("accounts", "vault:binance-main", ""));
        assertThat(withoutSecret.path("error").asText()).as("without the secret, not even the alias's exchange is told")
                .startsWith("OKX: wrong or missing secret").doesNotContain("binance,");
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
                .with("okx-second", new VaultEntry("okx", second, "second-secret,second-phrase", AliasSecret.chosen(OTHER_SECRET)))
                .save(vaultFile, PASSWORD.toCharArray());
        try {
            JsonNode reply = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                reply = bridge.call("/OKX", envelope("accounts", "vault:okx-second", OTHER_SECRET));
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
                    envelope("accounts", "vault:okx-main", ALIAS_SECRET),
                    envelope("trade", "vault:okx-main", ALIAS_SECRET, "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "1"),
                    envelope("accounts", "vault:nope", ALIAS_SECRET),
                    envelope("accounts", "vault:binance-main", BINANCE_ALIAS_SECRET),
                    envelope("__api_/api/v5/account/balance", "vault:okx-main", ALIAS_SECRET))) {
                HttpResponse<String> response = bridge.post("/OKX", envelope.toString(), Map.of());
                seen.add(response.headers().map().toString());
                seen.add(response.body());
            }
            seen.add(log.text());
            assertThat(log.text()).as("the capture sees the bridge at work").contains("ReplyWriter");
        }
        for (String text : seen) {
            assertThat(text).doesNotContain(SECRET).doesNotContain(PASSPHRASE).doesNotContain(PASSWORD)
                    .doesNotContain("binance-real-secret").doesNotContain("binance-real-key")
                    .doesNotContain(ALIAS_SECRET).doesNotContain(BINANCE_ALIAS_SECRET);
        }
    }

    @Test
    void withTheVaultOffAnAliasIsAClearError() throws Exception {
        try (RunningBridge plain = RunningBridge.start(Map.of("fmz.exchange.okx.base-url", okx.baseUrl()))) {
            JsonNode reply = plain.call("/OKX", envelope("accounts", "vault:okx-main", ALIAS_SECRET));
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
