package io.fmzbridge.declarative;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fmzbridge.stub.StubExchange;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bitget spot API v2 as far as the example route file uses it, with the replies Bitget documents
 * (www.bitget.com/api-doc/spot). Account calls must carry the known key and passphrase, a
 * millisecond timestamp within 30 s, and {@code ACCESS-SIGN = Base64(HMAC-SHA256(secret, timestamp +
 * METHOD + path + ("?" + query when there is one) + body))} over the request as it arrived. Written
 * from Bitget's documentation, not from the main code's signer, so the two check each other.
 */
final class BitgetStub extends StubExchange {

    static final String KEY = "bg_6f1e2d3c4b5a";
    static final String SECRET = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f";
    static final String PASSPHRASE = "my passphrase,2";
    private static final long MAX_SKEW_MS = 30_000;

    BitgetStub() {
        on("GET", "/api/v2/spot/market/tickers", (request, query) -> query.get("symbol").equals("BTCUSDT")
                ? StubResponse.ok(success("""
                        [{"symbol": "BTCUSDT", "high24h": "37775.65", "open": "35134.2", "low24h": "34413.1",
                          "lastPr": "34413.1", "quoteVolume": "98765.4321", "baseVolume": "2.00000001",
                          "usdtVolume": "98765.4321", "bidPr": "34413.09999999", "askPr": "34413.10000001",
                          "bidSz": "0.0663", "askSz": "0.0119", "openUtc": "23856.72", "ts": "1625125755277",
                          "changeUtc24h": "0.00301", "change24h": "0.00069"}]"""))
                : unknownSymbol(query.get("symbol")));
        on("GET", "/api/v2/spot/market/orderbook", (request, query) -> StubResponse.ok(success("""
                {"asks": [["34567.25", "0.0144"], ["34567.15", "0.0131"], ["34570", "1.5"], ["34580.5", "0.00000001"]],
                 "bids": [["34566.85", "0.0145"], ["34567", "0.2917"], ["34560", "3"], ["34550.1", "12.345"]],
                 "ts": "1698303884584"}""")));
        on("GET", "/api/v2/spot/account/assets", (request, query) -> StubResponse.ok(success("""
                [{"coin": "usdt", "available": "1234.56789012", "frozen": "100.5", "locked": "0",
                  "limitAvailable": "0", "uTime": "1622697148"},
                 {"coin": "btc", "available": "0.00000001", "frozen": "0", "locked": "0.1",
                  "limitAvailable": "0", "uTime": "1622697148"}]""")));
    }

    /** Private endpoints answer only correctly signed requests, with Bitget's error codes otherwise. */
    @Override
    protected StubResponse respond(StubRequest request, Map<String, String> query) throws Exception {
        if (request.path().startsWith("/api/v2/spot/account/")) {
            if (!KEY.equals(request.header("ACCESS-KEY"))) {
                return failure("40006", "Invalid ACCESS_KEY");
            }
            if (!PASSPHRASE.equals(request.header("ACCESS-PASSPHRASE"))) {
                return failure("40012", "apikey/password is incorrect");
            }
            String timestamp = request.header("ACCESS-TIMESTAMP");
            if (timestamp == null || !timestamp.matches("\\d{13}")
                    || Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp)) > MAX_SKEW_MS) {
                return failure("40008", "Request timestamp expired");
            }
            String prehash = timestamp + request.method() + request.path()
                    + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()) + request.body();
            if (!signature(prehash).equals(request.header("ACCESS-SIGN"))) {
                return failure("40009", "sign signature error");
            }
        }
        return super.respond(request, query);
    }

    private static String signature(String prehash) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(UTF_8)));
    }

    private static String success(String data) {
        return "{\"code\": \"00000\", \"msg\": \"success\", \"requestTime\": 1695808949356, \"data\": " + data + "}";
    }

    private static StubResponse unknownSymbol(String symbol) {
        return failure("40034", "Parameter " + symbol + " does not exist");
    }

    /** Bitget refuses with HTTP 400 and its code in the body. */
    private static StubResponse failure(String code, String msg) {
        return new StubResponse(400, "{\"code\": " + quote(code) + ", \"msg\": " + quote(msg)
                + ", \"requestTime\": 1695808949356, \"data\": null}");
    }
}
