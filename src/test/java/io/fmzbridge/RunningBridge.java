package io.fmzbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.MarketRules;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.gateway.ExchangeJobs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
        return start(overrides, false);
    }

    /**
     * With the clock and market-rules jobs as the packaged settings have them (on), for the tests of
     * when they run; everything else as {@link #start}, every exchange's base URL a closed port included.
     */
    public static RunningBridge startWithJobs(Map<String, String> overrides) throws Exception {
        return start(overrides, true);
    }

    private static RunningBridge start(Map<String, String> overrides, boolean jobs) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Main main = BridgeMain.create();
        main.addOverrideProperty("fmz.listen.port", String.valueOf(port));
        if (!jobs) {
            // scheduled calls would mix into what a test counts; the tests of those jobs turn them on
            main.addOverrideProperty("fmz.clock.sync-enabled", "false");
            main.addOverrideProperty("fmz.markets.sync-enabled", "false");
        }
        // the management port is fixed by default; the tests that scrape it give it a free one
        main.addOverrideProperty("fmz.management.enabled", "false");
        // state a test leaves (Bitfinex's nonce ceilings) goes to a folder of its own, never the user's home
        main.addOverrideProperty("fmz.state.dir", Files.createTempDirectory("fmz-state").toString());
        // no test reaches a real exchange: one a test does not point at its stub gets a closed port,
        // for its REST calls and for its public stream (whose calls then fall back to REST at once)
        for (String exchange : EXCHANGES) {
            if (Boolean.parseBoolean(overrides.getOrDefault("fmz.exchange." + exchange + ".testnet", "false"))) {
                continue; // a test of an exchange's test environment gives that environment's URLs instead
            }
            main.addOverrideProperty("fmz.exchange." + exchange + ".base-url", "http://127.0.0.1:1");
            main.addOverrideProperty("fmz.exchange." + exchange + ".ws-url", "ws://127.0.0.1:1");
        }
        if (!Boolean.parseBoolean(overrides.getOrDefault("fmz.exchange.binance.testnet", "false"))) {
            main.addOverrideProperty("fmz.exchange.binance.fapi-base-url", "http://127.0.0.1:1");
            main.addOverrideProperty("fmz.exchange.binance.dapi-base-url", "http://127.0.0.1:1");
        }
        overrides.forEach(main::addOverrideProperty);
        main.start();
        return new RunningBridge(main, port);
    }

    /**
     * Starts the exchange's jobs, as its first call would, and waits until the market-rules job
     * ({@code fmz.markets.sync-enabled}) keeps fresh rules for it, as GetMarkets and the order checks see them.
     */
    public void awaitMarketRules(String exchange) throws InterruptedException {
        lookup(ExchangeJobs.class).start(exchange);
        MarketRules rules = lookup(MarketRules.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!rules.canAnswer(exchange, "markets")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(exchange + "'s market rules were not kept within 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** A bean of the running bridge, to look at its state. */
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

    /** What came back to a request sent by {@link #postRaw}. */
    public record RawReply(int status, String contentType, String body) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /**
     * A POST written on a socket as given: the JDK's client will not send a {@code Host} header of
     * one's own choosing, and a browser's (or a DNS-rebinding page's) request is exactly that.
     *
     * @param host the Host header, or null to send none (HTTP/1.0, where it is optional)
     */
    public RawReply postRaw(String path, String host, Map<String, String> headers, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(path).append(host == null ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        if (host != null) {
            head.append("Host: ").append(host).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = reply.indexOf("\r\n\r\n");
            String[] lines = reply.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(line.indexOf(':') + 1).trim();
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            String rest = reply.substring(end + 4);
            return new RawReply(status, contentType, chunked ? unchunked(rest) : rest);
        }
    }

    private static String unchunked(String chunks) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunks.indexOf("\r\n", at);
            int size = Integer.parseInt(chunks.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunks, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /** The port the bridge listens on. */
    public int port() {
        return port;
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
