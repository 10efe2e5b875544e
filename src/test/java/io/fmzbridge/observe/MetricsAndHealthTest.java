package io.fmzbridge.observe;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange.Fault;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management port as an operator scrapes it: FMZ calls and exchange requests counted with
 * their labels, rate-limit refusals, the breakers' state, liveness and readiness, over HTTP.
 */
class MetricsAndHealthTest {

    private static final String KEY = "metrics-key";
    private static final String SECRET_KEY = "metrics-secret,metrics-pass";
    private static final String TICKER = "/api/v5/market/ticker";

    private static OkxStub okx;
    private static RunningBridge bridge;
    private static final Map<RunningBridge, Integer> MANAGEMENT_PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        okx = OkxStub.start();
        okx.addAccount(KEY, "metrics-secret", "metrics-pass");
        bridge = startWithManagement(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        okx.close();
    }

    @BeforeEach
    void forgetFaults() {
        okx.clear();
    }

    static RunningBridge startWithManagement(Map<String, String> more) throws Exception {
        int managementPort = AvailablePortFinder.getNextAvailable();
        Map<String, String> overrides = new java.util.HashMap<>(Map.of(
                "fmz.management.enabled", "true",
                "fmz.management.port", String.valueOf(managementPort),
                "fmz.exchange.okx.base-url", okx.baseUrl()));
        overrides.putAll(more);
        RunningBridge started = RunningBridge.start(overrides);
        MANAGEMENT_PORTS.put(started, managementPort);
        return started;
    }

    static HttpResponse<String> get(RunningBridge on, String path) throws Exception {
        return on.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORTS.get(on) + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    static Scrape scrape(RunningBridge on) throws Exception {
        HttpResponse<String> response = get(on, "/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return new Scrape(response.body());
    }

    static String ticker(RunningBridge on, String symbol) throws Exception {
        return on.call("/OKX", envelope("ticker", "", "", "symbol", symbol)).path("error").asText();
    }

    @Test
    void theManagementPortListensOnLoopbackOnly() throws Exception {
        int port = MANAGEMENT_PORTS.get(bridge);
        java.net.InetAddress outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> !isLoopback(nic))
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(address -> address instanceof java.net.Inet4Address)
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");
        try (java.net.Socket socket = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(outside, port), 2000))
                    .as("connecting to %s:%d", outside, port).isInstanceOf(java.net.ConnectException.class);
        }
        assertThat(get(bridge, "/observe/health/live").statusCode()).as("while loopback answers").isEqualTo(200);
    }

    @Test
    void metricsAreServedInPrometheusTextFormatWithTheJvmsOwn() throws Exception {
        HttpResponse<String> response = get(bridge, "/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Scrape scrape = new Scrape(response.body());
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(scrape.matching("process_uptime_seconds")).hasSize(1);
        assertThat(get(bridge, "/observe/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void callsAreCountedByExchangeMethodAndOutcome() throws Exception {
        Scrape before = scrape(bridge);
        for (int i = 0; i < 3; i++) {
            assertThat(ticker(bridge, "BTC_USDT")).isEmpty();
        }
        for (int i = 0; i < 2; i++) {
            assertThat(ticker(bridge, "NOPE_USDT")).isEqualTo("OKX: code 51001: Instrument ID, Instrument ID code or Spread ID doesn't exist.");
        }
        assertThat(bridge.call("/OKX", envelope("accounts", KEY, SECRET_KEY)).has("data")).isTrue();
        assertThat(bridge.call("/OKX", envelope("__api_/api/v5/account/balance", KEY, SECRET_KEY)).has("data")).isTrue();
        assertThat(bridge.call("/OKX", envelope("GetPositions", KEY, SECRET_KEY)).has("error")).isTrue();
        assertThat(bridge.call("/NoSuchExchange", envelope("ticker", "", "", "symbol", "BTC_USDT")).has("error")).isTrue();
        Scrape after = scrape(bridge);

        String calls = "fmz_calls_seconds_count";
        assertThat(delta(before, after, calls, "exchange", "okx", "method", "ticker", "outcome", "ok")).isEqualTo(3);
        assertThat(delta(before, after, calls, "exchange", "okx", "method", "ticker", "outcome", "error")).isEqualTo(2);
        assertThat(delta(before, after, calls, "exchange", "okx", "method", "accounts", "outcome", "ok")).isEqualTo(1);
        assertThat(delta(before, after, calls, "exchange", "okx", "method", "api", "outcome", "ok"))
                .as("every exchange.IO path is one series").isEqualTo(1);
        assertThat(delta(before, after, calls, "exchange", "okx", "method", "other", "outcome", "error"))
                .as("a method FMZ does not define is 'other'").isEqualTo(1);
        assertThat(delta(before, after, calls, "exchange", "unknown", "outcome", "error"))
                .as("a path naming no exchange is 'unknown'").isEqualTo(1);
        assertThat(after.matching(calls).stream().map(s -> s.labels().get("exchange")).distinct())
                .containsOnly("okx", "unknown");
        assertThat(after.matching("fmz_calls_seconds_bucket", "exchange", "okx", "method", "ticker", "outcome", "ok"))
                .as("latency histogram buckets").hasSizeGreaterThan(10);
        assertThat(after.value("fmz_calls_seconds_sum", "exchange", "okx", "method", "ticker", "outcome", "ok"))
                .isPositive();

        // 3 + 2 tickers, accounts and the api call reached OKX, all answered HTTP 200
        assertThat(delta(before, after, "fmz_exchange_requests_seconds_count", "exchange", "okx", "status", "200"))
                .isEqualTo(7);
        assertThat(delta(before, after, "fmz_rate_limit_wait_seconds_count", "exchange", "okx")).isEqualTo(7);
    }

    @Test
    void exchangeRequestsAreLabelledWithTheirHttpStatus() throws Exception {
        Scrape before = scrape(bridge);
        okx.failNext(TICKER, new Fault.Status(503, "{\"code\":\"50001\",\"msg\":\"Service temporarily unavailable\",\"data\":[]}"));
        assertThat(ticker(bridge, "BTC_USDT")).contains("HTTP 503");
        okx.failNext(TICKER, new Fault.Reset());
        assertThat(ticker(bridge, "BTC_USDT")).startsWith("OKX: exchange closed the connection");
        Scrape after = scrape(bridge);

        String requests = "fmz_exchange_requests_seconds_count";
        assertThat(delta(before, after, requests, "exchange", "okx", "status", "503")).isEqualTo(1);
        assertThat(delta(before, after, requests, "exchange", "okx", "status", "IO_ERROR")).isEqualTo(1);
        assertThat(delta(before, after, "fmz_calls_seconds_count", "exchange", "okx", "method", "ticker", "outcome", "error"))
                .isEqualTo(2);
    }

    @Test
    void anExchanges429PauseCountsTheCallsItRefuses() throws Exception {
        Scrape before = scrape(bridge);
        okx.failNext(TICKER, new Fault.TooManyRequests("1", "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}"));
        assertThat(ticker(bridge, "BTC_USDT")).contains("HTTP 429");
        assertThat(ticker(bridge, "BTC_USDT")).startsWith("OKX: rate limited by the exchange");
        assertThat(ticker(bridge, "BTC_USDT")).startsWith("OKX: rate limited by the exchange");
        Scrape after = scrape(bridge);

        assertThat(delta(before, after, "fmz_rate_limit_refusals_total", "exchange", "okx", "reason", "exchange-backoff"))
                .isEqualTo(2);
        assertThat(delta(before, after, "fmz_exchange_requests_seconds_count", "exchange", "okx", "status", "429"))
                .as("refused calls sent no request").isEqualTo(1);
        Thread.sleep(1100); // the pause ends, for the other tests
    }

    @Test
    void whatIsLeftOfEachLimitIsAMetricByLimitAndScope() throws Exception {
        try (RunningBridge small = startWithManagement(Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertThat(ticker(small, "BTC_USDT")).isEmpty();
            }
            // OKX's ticker: 20 per 2 s per IP, three held a period after their replies
            assertThat(scrape(small).value("fmz_rate_limit_remaining", "exchange", "okx",
                    "limit", "GET /api/v5/market/ticker", "scope", "ip")).isEqualTo(17);
        }
    }

    @Test
    void eachExchangesBreakerStateIsAMetric() throws Exception {
        Scrape scrape = scrape(bridge);
        assertThat(scrape.value("fmz_breaker_state", "exchange", "okx", "state", "closed")).isEqualTo(1);
        assertThat(scrape.value("fmz_breaker_state", "exchange", "okx", "state", "open")).isZero();
        assertThat(scrape.value("fmz_breaker_state", "exchange", "okx")).as("one state at a time").isEqualTo(1);
        assertThat(scrape.matching("fmz_breaker_state", "state", "closed").stream().map(s -> s.labels().get("exchange")))
                .contains("okx", "binance", "kraken").hasSize(11);
    }

    @Test
    void anOpenBreakerShowsAsOpenAndItsRefusalsSendNothing() throws Exception {
        try (RunningBridge small = startWithManagement(Map.of(
                "fmz.breaker.window-calls", "4", "fmz.breaker.minimum-calls", "4",
                "fmz.breaker.failure-rate-percent", "50", "fmz.breaker.open-seconds", "60"))) {
            okx.failNext(TICKER, 4, new Fault.Status(503, "{\"code\":\"50001\",\"msg\":\"down\",\"data\":[]}"));
            for (int i = 0; i < 4; i++) {
                ticker(small, "BTC_USDT");
            }
            assertThat(ticker(small, "BTC_USDT")).contains("paused after repeated failures");
            Scrape scrape = scrape(small);
            assertThat(scrape.value("fmz_breaker_state", "exchange", "okx", "state", "open")).isEqualTo(1);
            assertThat(scrape.value("fmz_breaker_state", "exchange", "okx", "state", "closed")).isZero();
            assertThat(scrape.value("fmz_exchange_requests_seconds_count", "exchange", "okx")).isEqualTo(4);
            assertThat(scrape.value("fmz_calls_seconds_count", "exchange", "okx", "outcome", "error")).isEqualTo(5);
        }
    }

    @Test
    void livenessAndReadinessAnswerOverHttp() throws Exception {
        HttpResponse<String> live = get(bridge, "/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live).path("status").asText()).isEqualTo("UP");

        HttpResponse<String> ready = get(bridge, "/observe/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode gateway = check(json(ready), "fmz-gateway");
        assertThat(gateway.path("status").asText()).isEqualTo("UP");
        assertThat(gateway.path("message").asText()).startsWith("gateway on 127.0.0.1:" + URI.create(bridge.url("/")).getPort() + " ")
                .contains("serves 11 exchanges: backpack, binance, ").contains("okx");
    }

    @Test
    void readinessIsDownWhileTheGatewayRouteIsStopped() throws Exception {
        bridge.context().getRouteController().stopRoute("fmz-gateway");
        try {
            HttpResponse<String> ready = get(bridge, "/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode gateway = check(json(ready), "fmz-gateway");
            assertThat(gateway.path("status").asText()).isEqualTo("DOWN");
            assertThat(gateway.path("message").asText()).isEqualTo("the gateway route fmz-gateway is not started");
            assertThat(get(bridge, "/observe/health/live").statusCode()).as("the process still serves").isEqualTo(200);
        } finally {
            bridge.context().getRouteController().startRoute("fmz-gateway");
        }
        assertThat(get(bridge, "/observe/health/ready").statusCode()).isEqualTo(200);
    }

    private static boolean isLoopback(java.net.NetworkInterface nic) {
        try {
            return nic.isLoopback() || !nic.isUp();
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return RunningBridge.JSON.readTree(response.body());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
