package io.fmzbridge.declarative;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.StubExchange;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Acme, a made-up exchange shaped unlike OKX or Bitget, for the route file the test writes: the market
 * in the path spelt quote first in lower case ({@code usdt-btc}), prices as JSON numbers, book levels
 * as objects, times in seconds, balances keyed by currency with a total instead of a held amount, and
 * an error object only when a call fails. Private calls are signed the way Binance signs them, with
 * Acme's own names: {@code ts} (ms) joins the query, {@code sig = hex(HMAC-SHA512(secret, query + body))}
 * is its last parameter, the key is in {@code X-ACME-KEY}; a {@code ts} more than 5 s from Acme's own
 * clock ({@code GET /v1/time}, which may run ahead of the host's) is refused. A market order's
 * {@code qty} is base currency, on the market's lot ({@code GET /v1/markets}).
 */
final class AcmeStub extends StubExchange {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String KEY = "acme-key-1";
    static final String SECRET = "acme-secret-Zq8Hn2";
    private static final long RECV_WINDOW_MS = 5_000;
    private static final BigDecimal LOT = new BigDecimal("0.00001");

    private volatile long aheadMs;
    final List<JsonNode> placed = new CopyOnWriteArrayList<>();

    AcmeStub() {
        on("GET", "/v1/time", (request, query) -> StubResponse.ok("{\"now\": " + BigDecimal.valueOf(now(), 3).toPlainString() + "}"));
        on("GET", "/v1/markets", (request, query) -> StubResponse.ok("""
                {"markets": [{"market": "usdt-btc", "base": "BTC", "quote": "USDT", "tick": "0.01", "lot": "0.00001",
                              "min_qty": "0.0001"}]}"""));
        on("POST", "/v1/orders", (request, query) -> {
            JsonNode order = JSON.readTree(request.body());
            if (!"market".equals(order.path("type").asText()) || order.has("price")) {
                return new StubResponse(400, error("E_ORDER", "this stub takes market orders without a price"));
            }
            BigDecimal qty = new BigDecimal(order.path("qty").asText());
            if (qty.remainder(LOT).signum() != 0) {
                return new StubResponse(400, error("E_LOT", "qty is not a multiple of the lot 0.00001"));
            }
            placed.add(order);
            return StubResponse.ok("{\"order\": {\"id\": \"A-" + placed.size() + "\", \"status\": \"filled\"}}");
        });
        on("GET", "/v1/markets/usdt-btc/ticker", (request, query) -> StubResponse.ok("""
                {"market": "usdt-btc",
                 "best": {"bid": 41006.10000000000000000001, "ask": 41006.2},
                 "stats": {"high": 41500, "low": 40000.5, "last": 41006.15, "volume": 12.345678901234567890},
                 "at": 1700000000.123}"""));
        on("GET", "/v1/markets/usdt-btc/book", (request, query) -> StubResponse.ok("""
                {"book": {"at": 1700000001,
                  "sell": [{"p": "41006.3", "q": "0.5"}, {"p": "41006.2", "q": "0.00000001"}],
                  "buy": [{"p": "41006.05", "q": "1"}, {"p": "41006.1", "q": "2.5"}]}}"""));
        on("GET", "/v1/account/balances", (request, query) -> StubResponse.ok("""
                {"balances": {"btc": {"available": "0.5", "total": "0.75"},
                              "usdt": {"available": "1000.00000001", "total": "1000.00000001"}}}"""));
    }

    /** Unknown markets are 404; private calls must be signed, and a bad signature is an error with HTTP 200. */
    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        if (request.path().startsWith("/v1/markets/") && !request.path().startsWith("/v1/markets/usdt-btc/")) {
            return new StubResponse(404, error("E_MARKET", "unknown market"));
        }
        if (request.path().startsWith("/v1/account/") || request.path().equals("/v1/orders")) {
            String raw = request.rawQuery();
            int sig = raw.lastIndexOf("&sig=");
            boolean signed = KEY.equals(request.header("X-ACME-KEY")) && sig > 0 && query.get("ts") != null
                    && query.get("ts").matches("\\d{13}") && Math.abs(Long.parseLong(query.get("ts")) - now()) <= RECV_WINDOW_MS
                    && signature(raw.substring(0, sig) + request.body()).equals(raw.substring(sig + 5));
            if (!signed) {
                return StubResponse.ok(error("E_AUTH", "bad signature"));
            }
        }
        return super.respond(request, query);
    }

    /** Acme's clock runs {@code ahead} of the host's from now on. */
    void clockAhead(Duration ahead) {
        aheadMs = ahead.toMillis();
    }

    /** Acme's time in ms. */
    long now() {
        return System.currentTimeMillis() + aheadMs;
    }

    @Override
    public void clear() {
        super.clear();
        placed.clear();
    }

    private static String signature(String payload) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA512"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(UTF_8)));
    }

    private static String error(String code, String message) {
        return "{\"error\": {\"code\": " + quote(code) + ", \"message\": " + quote(message) + "}}";
    }
}
