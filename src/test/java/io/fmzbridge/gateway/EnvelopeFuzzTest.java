package io.fmzbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.stub.StubExchange;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated malformed, truncated, oversized and type-confused FMZ envelopes, spread
 * over every exchange's path so each exchange's request builder sees them: every one gets HTTP 200
 * JSON, the bridge stays up, and its memory stays bounded.
 */
class EnvelopeFuzzTest {

    private static final int BODIES = 4000;
    private static final long SEED = 20261121L;
    /** OKX answers from its stub; the others from a bare one whose every path is a JSON 404. */
    private static final List<String> EXCHANGES = List.of("OKX", "Binance", "Backpack", "Zerocap", "Upbit", "Bithumb",
            "Korbit", "Coinone", "Coinbase", "Kraken", "Bitfinex");

    private static final List<String> METHODS = List.of("ticker", "depth", "trades", "records", "tickers", "markets",
            "accounts", "assets", "trade", "order", "orders", "historyorders", "cancel", "__api_/api/v5/account/balance",
            "__api_", "__api_../../etc", "", "TICKER", "nope");
    private static final List<String> VALUES = List.of("\"BTC_USDT\"", "\"usdt\"", "\"\"", "null", "true", "0", "-1",
            "1e999999", "-1e-999999", "0.00000001", "\"0.001\"", "123456789012345678901234567890", "[]", "{}", "[1,[2,[3]]]",
            "{\"a\":{\"b\":{}}}", "\"\\u0000\\uD800\"", "\"BTC-USDT,123\"", "\"" + "x".repeat(3000) + "\"", "NaN", "\"1,5\"");
    private static final List<String> PARAMS = List.of("symbol", "amount", "price", "type", "id", "limit", "period", "since", "x");

    private static Map<String, String> settings(OkxStub okx, StubExchange elsewhere) {
        Map<String, String> settings = new HashMap<>();
        for (String exchange : EXCHANGES) {
            settings.put("fmz.exchange." + exchange.toLowerCase(Locale.ROOT) + ".base-url", elsewhere.baseUrl());
        }
        settings.put("fmz.exchange.okx.base-url", okx.baseUrl());
        // Zerocap's prices come over a websocket: none here, so its market data fails at once
        settings.put("fmz.exchange.zerocap.ws-url", elsewhere.baseUrl().replace("http", "ws"));
        settings.put("fmz.exchange.zerocap.first-data-wait-ms", "50");
        settings.put("fmz.call.rate-limit-enabled", "false");
        return settings;
    }

    @Test
    void everyMalformedBodyGetsAJsonReplyAndTheBridgeStaysUp() throws Exception {
        Random random = new Random(SEED);
        try (OkxStub okx = OkxStub.start(); StubExchange elsewhere = new StubExchange();
             RunningBridge bridge = RunningBridge.start(settings(okx, elsewhere))) {
            okx.addAccount("key", "secret", "phrase");
            int errors = 0;
            long heapAtHalf = 0;
            for (int i = 0; i < BODIES; i++) {
                if (i == BODIES / 2) {
                    // pools (Jetty's buffers, the JDK client's) have filled by now: from here on, use must stay flat
                    heapAtHalf = usedHeapAfterGc();
                }
                byte[] body = body(random);
                String exchange = EXCHANGES.get(i % EXCHANGES.size());
                HttpResponse<String> response = bridge.post("/" + exchange, new String(body, StandardCharsets.ISO_8859_1), Map.of());
                assertThat(response.statusCode()).as("body #%d", i).isEqualTo(200);
                JsonNode reply = RunningBridge.JSON.readTree(response.body());
                assertThat(reply.has("error") || reply.has("data")).as("body #%d: %s", i, response.body()).isTrue();
                if (reply.has("error")) {
                    errors++;
                    assertThat(reply.path("error").asText()).as("body #%d", i).startsWith(exchange + ": ")
                            .doesNotContain("Exception").doesNotContain("\tat ");
                }
            }
            long heapAtEnd = usedHeapAfterGc();
            long secondHalfGrowth = heapAtEnd - heapAtHalf;
            System.out.printf("envelope fuzz: %d bodies over %d exchange paths (seed %d), %d error replies;"
                    + " heap after half %d KiB, at end %d KiB%n", BODIES, EXCHANGES.size(), SEED, errors, heapAtHalf / 1024, heapAtEnd / 1024);
            assertThat(secondHalfGrowth).as("heap growth over the second %d bodies", BODIES / 2).isLessThan(16L * 1024 * 1024);
            JsonNode ticker = bridge.call("/OKX", RunningBridge.envelope("ticker", "", "", "symbol", "BTC_USDT"));
            assertThat(ticker.path("data").path("symbol").asText()).as("still serving").isEqualTo("BTC_USDT");
        }
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> randomBytes(random);
            case 1 -> truncated(random);
            case 2 -> oversized(random);
            case 3 -> nested(random);
            default -> typeConfused(random).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String typeConfused(Random random) {
        StringBuilder params = new StringBuilder("{");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            params.append(i == 0 ? "" : ",").append('"').append(pick(random, PARAMS)).append("\":").append(pick(random, VALUES));
        }
        params.append('}');
        String method = random.nextInt(8) == 0 ? pick(random, VALUES) : "\"" + pick(random, METHODS) + "\"";
        String paramsValue = random.nextInt(8) == 0 ? pick(random, VALUES) : params.toString();
        String secret = random.nextBoolean() ? "\"secret,phrase\"" : pick(random, VALUES);
        return "{\"access_key\":\"key\",\"secret_key\":" + secret + ",\"method\":" + method + ",\"nonce\":" + random.nextLong()
                + ",\"params\":" + paramsValue + "}";
    }

    private static byte[] truncated(Random random) {
        byte[] whole = typeConfused(random).getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(whole, random.nextInt(whole.length));
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(512)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] oversized(Random random) {
        return ("{\"method\":\"ticker\",\"params\":{\"symbol\":\"" + "A".repeat(65_536 + random.nextInt(100_000)) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] nested(Random random) {
        int depth = 50 + random.nextInt(5000);
        return ("{\"method\":\"ticker\",\"params\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
