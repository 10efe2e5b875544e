package io.fmzbridge.status;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.vault.AliasSecret;
import io.fmzbridge.vault.KeyVault;
import io.fmzbridge.vault.VaultEntry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page as an operator opens it, after a few calls against stub exchanges: OKX answered
 * some calls and refused a symbol, its public limit held a call back, a key-vault alias was locked
 * by wrong secrets; Binance failed until its breaker opened. status.json carries the figures, and the
 * page, rendered by a real headless Chromium, shows each exchange with its error.
 */
class StatusPageTest {

    private static final String KEY = "status-page-okx-key-0123";
    private static final String SECRET = "status-page-okx-secret-4567";
    private static final String PASSPHRASE = "Status-Page-Passphrase.8";
    private static final String PASSWORD = "status-page-master-password";
    private static final String ALIAS_SECRET = "status-page-alias-secret-0123456789";
    private static final String WRONG_SECRET = "status-page-wrong-secret-9876543210";
    /** Binance's 503 with its SERVER_BUSY code (Spot API error codes, -1008). */
    private static final String BINANCE_BUSY =
            "{\"code\":-1008,\"msg\":\"Server is currently overloaded with other requests. Please try again in a few minutes.\"}";
    /** A method name is the caller's text, and the page shows it: as text, never as markup. */
    private static final String MARKUP_METHOD = "<img/src=x/onerror=document.title='injected'>";
    private static final String OKX_NO_SUCH_SYMBOL = "code 51001: Instrument ID, Instrument ID code or Spread ID doesn't exist.";

    @TempDir
    static Path dir;
    private static OkxStub okx;
    private static BinanceStub binance;
    private static RunningBridge bridge;
    private static int managementPort;
    private static JsonNode status;
    /** Binance's 503 replies before its breaker opened. */
    private static int binanceBusy;

    @BeforeAll
    static void callSomeExchanges() throws Exception {
        okx = OkxStub.start();
        okx.addAccount(KEY, SECRET, PASSPHRASE);
        binance = BinanceStub.start();
        Path vaultFile = dir.resolve("vault.p12");
        KeyVault.empty().with("okx-main", new VaultEntry("okx", KEY, SECRET + "," + PASSPHRASE, AliasSecret.chosen(ALIAS_SECRET)))
                .save(vaultFile, PASSWORD.toCharArray());
        managementPort = AvailablePortFinder.getNextAvailable();
        Map<String, String> settings = new HashMap<>(Map.of(
                "fmz.management.enabled", "true",
                "fmz.management.port", String.valueOf(managementPort),
                "fmz.status.reading-ms", "1000",
                "fmz.exchange.okx.base-url", okx.baseUrl(),
                "fmz.exchange.binance.base-url", binance.baseUrl(),
                // one public OKX call each 1.5 s, and one signed call of a key to an endpoint without a limit
                // of its own (exchange.IO's): every such call after the first waits for its place
                "fmz.exchange.okx.limits.public", "1/1500 per public",
                "fmz.clock.sync-enabled", "true",
                "fmz.markets.sync-enabled", "true",
                "fmz.vault.file", vaultFile.toString(),
                "fmz.vault.password-file", Files.writeString(dir.resolve("password"), PASSWORD).toString()));
        settings.putAll(Map.of(
                "fmz.exchange.okx.limits.private", "1/1500 per key",
                // the market-rules job: a round the public limit has no spare place for is tried again soon
                "fmz.markets.sync-interval-ms", "3000",
                "fmz.breaker.window-calls", "4", "fmz.breaker.minimum-calls", "4",
                "fmz.breaker.failure-rate-percent", "50", "fmz.breaker.open-seconds", "60"));
        bridge = RunningBridge.start(settings);

        for (int i = 0; i < 3; i++) {
            assertThat(okxTicker("BTC_USDT")).isEmpty();
        }
        assertThat(bridge.call("/OKX", envelope("accounts", KEY, SECRET + "," + PASSPHRASE)).has("data")).isTrue();
        assertThat(bridge.call("/OKX", envelope("markets", "", "")).has("data")).isTrue();
        for (int i = 0; i < 2; i++) {
            assertThat(bridge.call("/OKX", envelope("__api_/api/v5/account/balance", KEY, SECRET + "," + PASSPHRASE))
                    .has("data")).isTrue();
        }
        // five wrong secrets lock the alias; the sixth call is refused for the lock
        for (int i = 0; i < 6; i++) {
            assertThat(bridge.call("/OKX", envelope("accounts", "vault:okx-main", WRONG_SECRET)).path("error").asText())
                    .contains("key-vault alias 'okx-main'");
        }
        assertThat(okxTicker("NOPE_USDT")).isEqualTo("OKX: " + OKX_NO_SUCH_SYMBOL);

        // Binance fails until its breaker opens: how soon depends on the clock job's request in its window
        binance.failNext("/api/v3/ticker/24hr", 8, new Fault.Status(503, BINANCE_BUSY));
        String reply = binanceTicker();
        while (reply.contains("HTTP 503")) {
            binanceBusy++;
            assertThat(binanceBusy).as("the breaker opens within its window of 4").isLessThanOrEqualTo(4);
            reply = binanceTicker();
        }
        assertThat(reply).contains("paused after repeated failures");
        assertThat(binanceBusy).isGreaterThanOrEqualTo(2);
        assertThat(bridge.call("/NoSuchExchange", envelope("ticker", "", "", "symbol", "BTC_USDT")).has("error")).isTrue();
        assertThat(bridge.call("/Kraken", envelope(MARKUP_METHOD, "", "")).path("error").asText())
                .isEqualTo("Kraken: not supported: " + MARKUP_METHOD);

        status = awaitStatus(found -> exchange(found, "okx").path("clockOffsetMs").isNumber()
                && exchange(found, "okx").path("marketRulesAgeSeconds").isNumber());
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        okx.close();
        binance.close();
    }

    @Test
    void eachExchangeInUseIsListedAndNothingElse() {
        List<String> listed = new ArrayList<>();
        status.path("exchanges").forEach(exchange -> listed.add(exchange.path("exchange").asText()));
        assertThat(listed).as("a path naming no exchange is no exchange").containsExactly("binance", "kraken", "okx");
        assertThat(status.path("recentSeconds").asLong()).isBetween(0L, 60L);
        assertThat(status.path("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void callsErrorsAndLatencyAreThoseOfTheLastMinute() {
        JsonNode okxStatus = exchange(status, "okx");
        JsonNode calls = okxStatus.path("calls");
        // 4 tickers, 7 accounts (6 naming an alias with a wrong secret), 1 markets, 2 exchange.IO
        assertThat(calls.path("recent").asLong()).isEqualTo(14);
        assertThat(calls.path("recentErrors").asLong()).isEqualTo(7);
        assertThat(calls.path("errorShare").asDouble()).isEqualTo(7.0 / 14);
        assertThat(calls.path("total").asLong()).isEqualTo(14);
        assertThat(method(okxStatus, "ticker")).isEqualTo(List.of(4L, 1L, 4L, 1L));
        assertThat(method(okxStatus, "accounts")).isEqualTo(List.of(7L, 6L, 7L, 6L));
        assertThat(method(okxStatus, "markets")).isEqualTo(List.of(1L, 0L, 1L, 0L));
        assertThat(method(okxStatus, "api")).isEqualTo(List.of(2L, 0L, 2L, 0L));

        double p50 = okxStatus.path("latencyMs").path("p50").asDouble();
        double p99 = okxStatus.path("latencyMs").path("p99").asDouble();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).as("calls waited up to 1.5 s for their place").isBetween(250.0, 5000.0);

        JsonNode binanceCalls = exchange(status, "binance").path("calls");
        assertThat(binanceCalls.path("recent").asLong()).isEqualTo(binanceBusy + 1);
        assertThat(binanceCalls.path("recentErrors").asLong()).isEqualTo(binanceBusy + 1);
        assertThat(binanceCalls.path("errorShare").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theChartCoversEveryCallSinceStart() {
        JsonNode chart = exchange(status, "okx").path("chart");
        assertThat(chart.size()).isGreaterThanOrEqualTo(1);
        long calls = 0;
        long errors = 0;
        for (JsonNode point : chart) {
            calls += point.path("calls").asLong();
            errors += point.path("errors").asLong();
        }
        assertThat(calls).isEqualTo(14);
        assertThat(errors).isEqualTo(7);
    }

    @Test
    void theExchangesHttpRepliesAndBreakersAreShown() {
        JsonNode okxStatus = exchange(status, "okx");
        assertThat(okxStatus.path("breaker").asText()).isEqualTo("closed");
        assertThat(count(okxStatus.path("httpStatuses"), "200").path("total").asLong())
                .as("4 tickers, accounts, markets, and the clock job's requests").isGreaterThanOrEqualTo(6);
        assertThat(okxStatus.path("httpStatuses").size()).as("OKX answered everything with 200").isEqualTo(1);

        JsonNode binanceStatus = exchange(status, "binance");
        assertThat(binanceStatus.path("breaker").asText()).isEqualTo("open");
        assertThat(count(binanceStatus.path("httpStatuses"), "503").path("recent").asLong()).isEqualTo(binanceBusy);
        assertThat(count(binanceStatus.path("httpStatuses"), "503").path("total").asLong()).isEqualTo(binanceBusy);
    }

    @Test
    void theLastErrorsAreShownNewestFirstWithoutCredentials() {
        JsonNode okxErrors = exchange(status, "okx").path("recentErrors");
        assertThat(okxErrors.size()).as("the last five are kept").isEqualTo(5);
        assertThat(okxErrors.get(0).path("method").asText()).isEqualTo("ticker");
        assertThat(okxErrors.get(0).path("error").asText()).isEqualTo(OKX_NO_SUCH_SYMBOL);
        assertThat(okxErrors.get(1).path("method").asText()).isEqualTo("accounts");
        assertThat(okxErrors.get(1).path("error").asText()).startsWith("key-vault alias 'okx-main' is locked");

        JsonNode binanceErrors = exchange(status, "binance").path("recentErrors");
        assertThat(binanceErrors.get(0).path("error").asText()).contains("paused after repeated failures");
        assertThat(binanceErrors.get(1).path("error").asText()).contains("HTTP 503");

        assertThat(status.toString()).doesNotContain(KEY, SECRET, PASSPHRASE, ALIAS_SECRET, WRONG_SECRET);
    }

    @Test
    void rateLimitWaitsAndWhatIsLeftAreShown() {
        JsonNode limit = exchange(status, "okx").path("rateLimit");
        assertThat(limit.path("recentWaits").asLong()).as("calls the key's limit held back").isGreaterThanOrEqualTo(1);
        assertThat(limit.path("recentWaitMs").asDouble()).isGreaterThan(50.0);
        List<String> limits = new ArrayList<>();
        limit.path("left").forEach(left -> {
            limits.add(left.path("limit").asText() + " per " + left.path("scope").asText());
            assertThat(left.path("left").asDouble()).isGreaterThanOrEqualTo(0);
        });
        assertThat(limits).contains("public per public", "private per key");
        assertThat(exchange(status, "binance").path("rateLimit").path("refusals").size()).isZero();
    }

    @Test
    void clockRulesStreamsAndTheVaultAreShown() {
        JsonNode okxStatus = exchange(status, "okx");
        assertThat(okxStatus.path("clockOffsetMs").isNumber()).as("the clock job measured").isTrue();
        assertThat(okxStatus.path("clockOffsetMs").asLong()).as("the stub's clock is the host's").isBetween(-1000L, 1000L);
        assertThat(okxStatus.path("marketRulesAgeSeconds").isNumber()).as("the market-rules job kept them").isTrue();
        assertThat(okxStatus.path("marketRulesAgeSeconds").asLong()).isBetween(0L, 60L);
        assertThat(exchange(status, "binance").path("breaker").asText()).isEqualTo("open");
        assertThat(okxStatus.path("stream").isObject()).as("OKX has a market-data stream").isTrue();
        assertThat(okxStatus.path("stream").path("connections").isArray()).isTrue();

        JsonNode vault = status.path("vault");
        assertThat(vault.path("on").asBoolean()).isTrue();
        assertThat(vault.path("lockouts").size()).isEqualTo(1);
        assertThat(vault.path("lockouts").get(0).path("alias").asText()).isEqualTo("okx-main");
        assertThat(vault.path("lockouts").get(0).path("total").asLong()).isEqualTo(1);
        assertThat(vault.path("lockouts").get(0).path("lockedForSeconds").asLong()).isBetween(1L, 60L);
    }

    @Test
    void thePageComesFromTheManagementPortAndLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = get("/observe/status");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'")
                .contains("connect-src 'self'");
        assertThat(page.body()).contains("status.json").doesNotContain("https://", "src=", "<link", "url(", "@import");
        assertThat(page.body().replace("http://www.w3.org/2000/svg", "")).as("no address but SVG's namespace")
                .doesNotContain("http://");
    }

    @Test
    void theBrowserShowsEachExchangeWithItsError() throws Exception {
        String url = "http://127.0.0.1:" + managementPort + "/observe/status";
        Path screenshot = Path.of("target", "status-page.png");
        String dom = HeadlessChromium.render(url, 1100, 1500, 5000, screenshot);
        assertThat(Files.size(screenshot)).as("a screenshot for a person to look at").isPositive();
        HeadlessChromium.render(url, 412, 2400, 5000, Path.of("target", "status-page-phone.png"));

        assertThat(dom).as("the page's script read status.json").contains("<span id=\"problem\"></span>")
                .doesNotContain("reading status.json…</span>").contains("3 exchange(s) in use");
        assertThat(dom).contains("data-exchange=\"okx\"").contains("data-exchange=\"binance\"");
        assertThat(section(dom, "okx")).contains("<h2>okx</h2>").contains("breaker closed")
                .contains(OKX_NO_SUCH_SYMBOL.replace("'", "&#39;").replace("doesn&#39;t", "doesn't"));
        assertThat(section(dom, "binance")).contains("breaker open").contains("paused after repeated failures")
                .contains("HTTP 503");
        assertThat(dom).contains("vault on · lock-outs: okx-main 1");
        assertThat(dom).contains("<svg").contains("<rect");
        assertThat(section(dom, "kraken")).as("a caller's text is shown as text")
                .contains("not supported: &lt;img/src=x/onerror=document.title='injected'&gt;").doesNotContain("<img");
        assertThat(dom).contains("<title>fmz-camel-bridge status</title>");
        assertThat(dom).doesNotContain(KEY, SECRET, PASSPHRASE, ALIAS_SECRET, WRONG_SECRET);
    }

    // --- helpers ---

    private static String okxTicker(String symbol) throws Exception {
        return bridge.call("/OKX", envelope("ticker", "", "", "symbol", symbol)).path("error").asText();
    }

    private static String binanceTicker() throws Exception {
        return bridge.call("/Binance", envelope("ticker", "", "", "symbol", "BTC_USDT")).path("error").asText();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return bridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** status.json once {@code ready} holds of it (the clock job measures in the background). */
    private static JsonNode awaitStatus(java.util.function.Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            HttpResponse<String> response = get("/observe/status.json");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode found = RunningBridge.JSON.readTree(response.body());
            if (ready.test(found) || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode exchange(JsonNode status, String id) {
        for (JsonNode exchange : status.path("exchanges")) {
            if (exchange.path("exchange").asText().equals(id)) {
                return exchange;
            }
        }
        throw new AssertionError("no exchange " + id + " in " + status);
    }

    /** recent, recentErrors, total, totalErrors of one method. */
    private static List<Long> method(JsonNode exchange, String name) {
        for (JsonNode method : exchange.path("methods")) {
            if (method.path("method").asText().equals(name)) {
                return List.of(method.path("recent").asLong(), method.path("recentErrors").asLong(),
                        method.path("total").asLong(), method.path("totalErrors").asLong());
            }
        }
        throw new AssertionError("no method " + name + " in " + exchange);
    }

    private static JsonNode count(JsonNode counts, String name) {
        for (JsonNode count : counts) {
            if (count.path("name").asText().equals(name)) {
                return count;
            }
        }
        throw new AssertionError("no " + name + " in " + counts);
    }

    /** One exchange's card in the dumped DOM. */
    private static String section(String dom, String exchange) {
        int start = dom.indexOf("data-exchange=\"" + exchange + "\"");
        assertThat(start).as("a card for " + exchange).isNotNegative();
        int end = dom.indexOf("</section>", start);
        return dom.substring(start, end);
    }
}
