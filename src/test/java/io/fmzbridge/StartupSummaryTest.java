package io.fmzbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.vault.KeyVault;
import io.fmzbridge.vault.VaultEntry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the bridge says about itself when it starts, as the log shows it. */
class StartupSummaryTest {

    static final String MASTER_PASSWORD = "summary-master-pw-31";

    @TempDir
    Path dir;

    @Test
    void theStartLogNamesVersionAddressExchangesLimitsAndVaultAndNoSecret() throws Exception {
        Path vault = dir.resolve("vault.p12");
        KeyVault.empty().with("okx-main", new VaultEntry("okx", "summary-access-key", "summary-secret,phrase"))
                .save(vault, MASTER_PASSWORD.toCharArray());
        Path passwordFile = Files.writeString(dir.resolve("pw"), MASTER_PASSWORD);
        String log;
        try (LogCapture capture = new LogCapture("%level %c{1} %m%n");
             RunningBridge bridge = RunningBridge.start(Map.of(
                     "fmz.exchange.kraken.base-url", "https://proxy-user:proxy-pw@kraken.example",
                     "fmz.exchange.okx.response-timeout-ms", "4000",
                     "fmz.exchange.okx.api-secret", "hunter2-not-for-logs",
                     "fmz.vault.file", vault.toString(),
                     "fmz.vault.password-file", passwordFile.toString()))) {
            log = capture.text();
            String port = bridge.url("").replaceAll(".*:", "");
            List<String> summary = log.lines().filter(l -> l.startsWith("INFO StartupSummary "))
                    .map(l -> l.substring("INFO ".length())).toList();

            assertThat(summary).hasSize(7);
            assertThat(summary.get(0)).startsWith("StartupSummary fmz-camel-bridge dev (Camel 4.18.0, Java ")
                    .endsWith(") listening on http://127.0.0.1:" + port + "/<Exchange>");
            // RunningBridge points every exchange the test does not set at a closed local port
            assertThat(summary.get(1)).startsWith("StartupSummary exchanges (11): backpack http://127.0.0.1:1, ")
                    .contains("kraken https://<redacted>@kraken.example, ")
                    .contains("okx http://127.0.0.1:1 response 4000 ms, ");
            assertThat(summary.get(2)).isEqualTo("StartupSummary exchange calls: connect timeout 3000 ms,"
                    + " response timeout 10000 ms; rate limits on, a call over the limit waits its turn");
            // RunningBridge switches the jobs off
            assertThat(summary.get(3)).isEqualTo("StartupSummary jobs: clock sync off, market rules off; an exchange's"
                    + " begin at its first call, at start for fmz.exchanges.warm: none");
            assertThat(summary.get(4)).isEqualTo("StartupSummary key vault: on, " + vault + ", 1 alias");
            assertThat(summary.get(5)).isEqualTo("StartupSummary management server: off (fmz.management.enabled=false)");
            assertThat(summary.get(6)).startsWith("StartupSummary settings given at start: ")
                    .contains("fmz.exchange.okx.api-secret=<redacted>")
                    .contains("fmz.listen.port=" + port)
                    .contains("fmz.vault.password-file=" + passwordFile);
            // the entry was stored as before aliases had secrets
            assertThat(log.lines().filter(l -> l.startsWith("WARN StartupSummary "))).containsExactly("WARN StartupSummary"
                    + " key-vault aliases without a secret are refused until one is set with `vault secret <alias>`: okx-main");
        }
        assertThat(log).doesNotContain("hunter2-not-for-logs").doesNotContain(MASTER_PASSWORD).doesNotContain("summary-secret");
        // Camel's DEBUG and TRACE lines show endpoint URIs whole; what runs at INFO must not
        assertThat(log.lines().filter(l -> !l.startsWith("DEBUG ") && !l.startsWith("TRACE ")))
                .noneMatch(l -> l.contains("proxy-pw"));
    }

    @Test
    void theManagementPortIsNamedWhereItListens() throws Exception {
        String port = String.valueOf(AvailablePortFinder.getNextAvailable());
        try (RunningBridge bridge = RunningBridge.start(Map.of("fmz.management.enabled", "true",
                "fmz.management.port", port))) {
            String line = bridge.lookup(StartupSummary.class).lines(Map.of(), new Properties()).get(5);
            assertThat(line).isEqualTo("management server: http://127.0.0.1:" + port
                    + "/observe/metrics, /observe/health/live, /observe/health/ready, /observe/status");
            HttpResponse<String> health = bridge.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health/live")).build());
            assertThat(health.statusCode()).as("served where the summary says").isEqualTo(200);
        }
    }

    @Test
    void environmentVariablesAreListedAndTheVaultPasswordIsRedacted() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("fmz.call.rate-limit-reject", "true"))) {
            StartupSummary summary = bridge.lookup(StartupSummary.class);
            Properties system = new Properties();
            system.setProperty("fmz.exchange.binance.base-url", "http://127.0.0.1:1");
            system.setProperty("java.home", "/not/a/bridge/setting");
            List<String> lines = summary.lines(Map.of("FMZ_VAULT_PASSWORD", "env-master-pw", "FMZ_LISTEN_HOST", "0.0.0.0",
                    "HOME", "/root"), system);

            assertThat(lines.get(2)).endsWith("rate limits on, a call over the limit is refused");
            assertThat(lines.get(4)).isEqualTo("key vault: off (fmz.vault.file is not set)");
            assertThat(lines.get(6)).contains("FMZ_LISTEN_HOST=0.0.0.0, FMZ_VAULT_PASSWORD=<redacted>")
                    .contains("fmz.exchange.binance.base-url=http://127.0.0.1:1")
                    .doesNotContain("env-master-pw").doesNotContain("HOME").doesNotContain("java.home");
        }
    }
}
