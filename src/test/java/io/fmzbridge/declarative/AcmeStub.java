package io.fmzbridge.declarative;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fmzbridge.stub.StubExchange;
import java.security.GeneralSecurityException;
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
 * is its last parameter, the key is in {@code X-ACME-KEY}.
 */
final class AcmeStub extends StubExchange {

    static final String KEY = "acme-key-1";
    static final String SECRET = "acme-secret-Zq8Hn2";

    AcmeStub() {
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
        if (request.path().startsWith("/v1/account/")) {
            String raw = request.rawQuery();
            int sig = raw.lastIndexOf("&sig=");
            boolean signed = KEY.equals(request.header("X-ACME-KEY")) && sig > 0 && query.get("ts") != null
                    && query.get("ts").matches("\\d{13}")
                    && signature(raw.substring(0, sig) + request.body()).equals(raw.substring(sig + 5));
            if (!signed) {
                return StubResponse.ok(error("E_AUTH", "bad signature"));
            }
        }
        return super.respond(request, query);
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
