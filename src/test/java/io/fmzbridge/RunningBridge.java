package io.fmzbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.MarketRules;
import io.fmzbridge.fmz.FmzJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;

/**
 * The bridge as it runs in production (camel-main, application.properties, the packaged YAML
 * routes) on a free local port, with properties overridden per test, and an HTTP client that
 * talks to it the way the FMZ docker does.
 */
public final class RunningBridge implements AutoCloseable {

    public static final ObjectMapper JSON = FmzJson.MAPPER;

    /** FMZ sends a fresh nanosecond nonce with every call; a retried call repeats its nonce. */
    private static final List<String> EXCHANGES = List.of("okx", "binance", "backpack", "zerocap", "upbit", "bithumb",
            "korbit", "coinone", "coinbase", "kraken", "bitfinex");
    private static final AtomicLong NONCES = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    private final Main main;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningBridge(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    public static RunningBridge start(Map<String, String> overrides) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Main main = BridgeMain.create();
        main.addOverrideProperty("fmz.listen.port", String.valueOf(port));
        // scheduled calls would mix into what a test counts; the tests of those jobs turn them on
        main.addOverrideProperty("fmz.clock.sync-enabled", "false");
        main.addOverrideProperty("fmz.markets.sync-enabled", "false");
        // the management port is fixed by default; the tests that scrape it give it a free one
        main.addOverrideProperty("fmz.management.enabled", "false");
        // state a test leaves (Bitfinex's nonce ceilings) goes to a folder of its own, never the user's home
        main.addOverrideProperty("fmz.state.dir", Files.createTempDirectory("fmz-state").toString());
        // no test reaches a real exchange: one a test does not point at its stub gets a closed port
        for (String exchange : EXCHANGES) {
            main.addOverrideProperty("fmz.exchange." + exchange + ".base-url", "http://127.0.0.1:1");
        }
        main.addOverrideProperty("fmz.exchange.binance.fapi-base-url", "http://127.0.0.1:1");
        main.addOverrideProperty("fmz.exchange.binance.dapi-base-url", "http://127.0.0.1:1");
        overrides.forEach(main::addOverrideProperty);
        main.start();
        return new RunningBridge(main, port);
    }

    /** A bean of the running bridge, to look at its state. */
    /**
     * Waits until the market-rules job ({@code fmz.markets.sync-enabled}) keeps fresh rules for the
     * exchange, as GetMarkets and the order checks see them.
     */
    public void awaitMarketRules(String exchange) throws InterruptedException {
        MarketRules rules = lookup(MarketRules.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!rules.canAnswer(exchange, "markets")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(exchange + "'s market rules were not kept within 10 s");
            }
            Thread.sleep(20);
        }
    }

    public <T> T lookup(Class<T> type) {
        return main.getCamelContext().getRegistry().findSingleByType(type);
    }

    /** The running CamelContext, to stop and start its routes. */
    public CamelContext context() {
        return main.getCamelContext();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** POSTs an FMZ envelope and returns the reply body, asserting FMZ's transport rules on the way. */
    public JsonNode call(String exchangePath, ObjectNode envelope) throws IOException, InterruptedException {
        return call(exchangePath, JSON.writeValueAsString(envelope), Map.of());
    }

    public JsonNode call(String exchangePath, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpResponse<String> response = post(exchangePath, body, headers);
        if (response.statusCode() != 200) {
            throw new AssertionError("bridge answered HTTP " + response.statusCode() + ": " + response.body());
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError("bridge answered without a JSON content type: " + response.headers().map());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> post(String exchangePath, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(exchangePath)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An FMZ envelope as the docker sends it; params given as alternating names and values. */
    public static ObjectNode envelope(String method, String accessKey, String secretKey, Object... params) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            values.put((String) params[i], params[i + 1]);
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("access_key", accessKey);
        envelope.put("secret_key", secretKey);
        envelope.put("method", method);
        envelope.put("nonce", NONCES.incrementAndGet());
        envelope.set("params", JSON.valueToTree(values));
        return envelope;
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
