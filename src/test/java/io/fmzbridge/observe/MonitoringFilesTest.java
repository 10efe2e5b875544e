package io.fmzbridge.observe;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.vault.AliasSecret;
import io.fmzbridge.vault.KeyVault;
import io.fmzbridge.vault.VaultEntry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code deploy/}, checked against the bridge they
 * watch: the rules pass Prometheus's own checks and unit tests, the dashboard's queries are valid PromQL,
 * and every metric either names is in the bridge's scrape after a few calls.
 */
class MonitoringFilesTest {

    private static final Path RULES_DIR = Path.of("deploy/prometheus");
    private static final Path RULES = RULES_DIR.resolve("fmz-camel-bridge-rules.yml");
    private static final Path DASHBOARD = Path.of("deploy/grafana/fmz-camel-bridge.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:fmz|jvm|process)_[a-z_]+)\\b");
    private static final String KEY = "monitoring-key";
    private static final String ALIAS_SECRET = "monitoring-alias-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void theAlertRulesPassPrometheusChecks() throws Exception {
        Promtool.Result check = Promtool.run(RULES_DIR, "check", "rules", RULES.getFileName().toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 9 rules found");
    }

    @Test
    void eachAlertFiresOnItsSituationAndStaysQuietOtherwise() throws Exception {
        Promtool.Result test = Promtool.run(RULES_DIR, "test", "rules", "fmz-camel-bridge-rules.test.yml");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
        // every alert the rules define has a test case
        String cases = Files.readString(RULES_DIR.resolve("fmz-camel-bridge-rules.test.yml"));
        for (String alert : alertNames()) {
            assertThat(cases).as("a test for " + alert).contains("alertname: " + alert);
        }
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        List<String> expressions = dashboardExpressions();
        assertThat(expressions).hasSizeGreaterThan(20);
        // promtool checks expressions inside rules: each query becomes a recording rule, with Grafana's
        // variables given values Prometheus would see
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            String expr = expressions.get(i).replace("$__rate_interval", "1m").replace("$exchange", ".*")
                    .replace("$instance", ".*");
            rules.append("      - record: dashboard_query_").append(i).append("\n        expr: '")
                    .append(expr.replace("'", "''").replace("\n", " ")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard-queries.yml"), rules);
        Promtool.Result check = Promtool.run(dir, "check", "rules", "dashboard-queries.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void theDashboardImportsAsIsWithADataSourceVariable() throws Exception {
        JsonNode dashboard = RunningBridge.JSON.readTree(DASHBOARD.toFile());
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.add(variable.path("name").asText()));
        assertThat(variables).containsExactly("datasource", "instance", "exchange");
        assertThat(dashboard.path("templating").path("list").get(0).path("query").asText()).isEqualTo("prometheus");
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("${datasource}");
                assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            }
        }
    }

    @Test
    void everyMetricTheDashboardAndRulesUseIsInTheBridgesScrape() throws Exception {
        Set<String> used = new TreeSet<>();
        used.addAll(metricNames(Files.readString(RULES)));
        used.addAll(metricNames(Files.readString(DASHBOARD)));
        assertThat(used).contains("fmz_calls_seconds_count", "fmz_clock_offset_seconds", "fmz_vault_lockouts_total",
                "fmz_stream_messages_total");

        Path vaultFile = dir.resolve("vault.p12");
        Path passwordFile = Files.writeString(dir.resolve("vault-password"), "monitoring-vault-password\n");
        KeyVault.empty()
                .with("okx-main", new VaultEntry("okx", KEY, "monitoring-secret,monitoring-pass")
                        .withAliasSecret(AliasSecret.chosen(ALIAS_SECRET)))
                .save(vaultFile, "monitoring-vault-password".toCharArray());
        int managementPort = AvailablePortFinder.getNextAvailable();
        try (OkxStub okx = OkxStub.start();
             RunningBridge bridge = RunningBridge.startWithJobs(Map.of(
                     "fmz.exchange.okx.base-url", okx.baseUrl(),
                     "fmz.exchanges.warm", "okx",
                     "fmz.management.enabled", "true",
                     "fmz.management.port", String.valueOf(managementPort),
                     "fmz.vault.file", vaultFile.toString(),
                     "fmz.vault.password-file", passwordFile.toString()))) {
            okx.addAccount(KEY, "monitoring-secret", "monitoring-pass");
            // an answered ticker (its stream is down, so REST answers it), an error, an account through the vault
            assertThat(ticker(bridge, "BTC_USDT").has("data")).isTrue();
            assertThat(ticker(bridge, "NOPE_USDT").has("error")).isTrue();
            assertThat(bridge.call("/OKX", envelope("accounts", "vault:okx-main", ALIAS_SECRET)).has("data")).isTrue();
            // an exchange's 429 and the call the bridge then refuses
            okx.failNext("/api/v5/market/ticker", new Fault.TooManyRequests("1",
                    "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}"));
            assertThat(ticker(bridge, "BTC_USDT").path("error").asText()).contains("HTTP 429");
            assertThat(ticker(bridge, "BTC_USDT").path("error").asText()).startsWith("OKX: rate limited by the exchange");
            // wrong alias secrets until the alias locks
            for (int i = 0; i < 5; i++) {
                bridge.call("/OKX", envelope("accounts", "vault:okx-main", "wrong-guess-" + i));
            }

            Set<String> missing = new TreeSet<>(used);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                // the clock offset shows once the clock-sync job, started with the warm exchange, has measured
                missing.removeAll(scrapedNames(bridge, managementPort));
                if (!missing.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            assertThat(missing).as("metrics the dashboard or rules use that the bridge does not serve").isEmpty();
        }
    }

    private static JsonNode ticker(RunningBridge bridge, String symbol) throws Exception {
        return bridge.call("/OKX", envelope("ticker", "", "", "symbol", symbol));
    }

    private static Set<String> scrapedNames(RunningBridge bridge, int managementPort) throws Exception {
        String text = bridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build()).body();
        return new Scrape(text).names();
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(text);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        return names;
    }

    private static List<String> alertNames() throws Exception {
        List<String> names = new ArrayList<>();
        Matcher alert = Pattern.compile("- alert: (\\w+)").matcher(Files.readString(RULES));
        while (alert.find()) {
            names.add(alert.group(1));
        }
        return names;
    }

    private static List<String> dashboardExpressions() throws Exception {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : RunningBridge.JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        return expressions;
    }
}
