package io.fmzbridge.exchange.okx;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.stub.StubExchange.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OKX stub must be as strict as OKX, or tests against it prove nothing. */
class OkxStubTest {

    private static final String KEY = "stub-key";
    private static final String SECRET = "stub-secret";
    private static final String PASSPHRASE = "stub-passphrase";
    private static final DateTimeFormatter OKX_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OkxStub okx;

    @BeforeEach
    void start() {
        okx = OkxStub.start();
        okx.addAccount(KEY, SECRET, PASSPHRASE);
    }

    @AfterEach
    void stop() {
        okx.close();
    }

    @Test
    void documentedSampleSecretGivesTheComputedSignature() {
        assertThat(OkxStub.expectedSign("22582BD0CFF14C41EDBF1AB98506286D",
                "2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC"))
                .isEqualTo("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=");
    }

    @Test
    void acceptsACorrectlySignedRequest() throws Exception {
        HttpResponse<String> response = send(signed("GET", "/api/v5/account/balance?ccy=BTC", "")
                .header("x-simulated-trading", "1"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode details = JSON.readTree(response.body()).at("/data/0/details");
        assertThat(details).hasSize(1);
        assertThat(details.at("/0/availBal").textValue()).isEqualTo("0.00000001");
        assertThat(okx.requests().get(0).rawPathAndQuery()).isEqualTo("/api/v5/account/balance?ccy=BTC");
        assertThat(okx.lastSimulated()).isTrue();
    }

    @Test
    void rejectsAWrongSignature() throws Exception {
        HttpRequest.Builder request = request("GET", "/api/v5/account/balance", "", Instant.now(), "other-secret", PASSPHRASE);
        assertRefused(send(request), "50113");
    }

    @Test
    void signatureCoversTheQueryAndTheBody() throws Exception {
        Instant now = Instant.now();
        String timestamp = OKX_TIME.format(now);
        HttpRequest.Builder queryLeftOut = request("GET", "/api/v5/account/balance?ccy=BTC", "", now, SECRET, PASSPHRASE)
                .setHeader("OK-ACCESS-SIGN", sign(SECRET, timestamp + "GET/api/v5/account/balance"));
        assertRefused(send(queryLeftOut), "50113");

        String body = "{\"instId\":\"BTC-USDT\",\"ordId\":\"1\"}";
        HttpRequest.Builder bodyChanged = request("POST", "/api/v5/trade/cancel-order", body, now, SECRET, PASSPHRASE)
                .setHeader("OK-ACCESS-SIGN", sign(SECRET, timestamp + "POST/api/v5/trade/cancel-order" + body.replace("1", "2")));
        assertRefused(send(bodyChanged), "50113");
    }

    @Test
    void rejectsAStaleOrMalformedTimestamp() throws Exception {
        Instant stale = Instant.now().minusSeconds(31);
        assertRefused(send(request("GET", "/api/v5/account/balance", "", stale, SECRET, PASSPHRASE)), "50102");

        String noMillis = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
        HttpRequest.Builder malformed = HttpRequest.newBuilder(URI.create(okx.baseUrl() + "/api/v5/account/balance"))
                .header("OK-ACCESS-KEY", KEY).header("OK-ACCESS-PASSPHRASE", PASSPHRASE)
                .header("OK-ACCESS-TIMESTAMP", noMillis)
                .header("OK-ACCESS-SIGN", sign(SECRET, noMillis + "GET/api/v5/account/balance"));
        assertRefused(send(malformed), "50102");
    }

    @Test
    void rejectsAWrongPassphraseOrAnUnknownKey() throws Exception {
        HttpResponse<String> wrongPassphrase = send(request("GET", "/api/v5/account/balance", "", Instant.now(), SECRET, "wrong"));
        assertRefused(wrongPassphrase, "50105");
        assertThat(wrongPassphrase.body()).as("OKX's recorded refusal: code and msg, no data")
                .isEqualTo("{\"msg\":\"Request header OK-ACCESS-PASSPHRASE incorrect.\",\"code\":\"50105\"}");
        assertRefused(send(signed("GET", "/api/v5/account/balance", "").setHeader("OK-ACCESS-KEY", "nobody")), "50119");
    }

    @Test
    void checksTheTimestampBeforeLookingTheKeyUp() throws Exception {
        HttpRequest.Builder staleAndUnknown = request("GET", "/api/v5/account/balance", "", Instant.now().minusSeconds(60),
                SECRET, PASSPHRASE).setHeader("OK-ACCESS-KEY", "nobody");
        assertRefused(send(staleAndUnknown), "50102");
        HttpRequest.Builder noKey = HttpRequest.newBuilder(URI.create(okx.baseUrl() + "/api/v5/account/balance")).GET();
        assertRefused(send(noKey), "50103");
    }

    @Test
    void keepsAnOrderThroughItsLife() throws Exception {
        String order = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\","
                + "\"sz\":\"0.001\",\"px\":\"30000.1\",\"clOrdId\":\"b1\"}";
        JsonNode placed = okxJson(send(signed("POST", "/api/v5/trade/order", order)));
        assertThat(placed.at("/code").textValue()).isEqualTo("0");
        String ordId = placed.at("/data/0/ordId").textValue();
        assertThat(ordId).isEqualTo("312269865356374016");
        assertThat(okx.placedOrders().get(0)).containsEntry("sz", "0.001").containsEntry("px", "30000.1");
        JsonNode resting = okxJson(send(signed("GET", "/api/v5/trade/order?instId=BTC-USDT&ordId=" + ordId, "")));
        assertThat(resting.at("/data/0/avgPx").textValue()).as("\"\" until something fills, as OKX documents").isEmpty();
        assertThat(resting.at("/data/0/fillPx").textValue()).isEmpty();

        okx.fill(ordId, "0.0004", "30000.1");
        JsonNode got = okxJson(send(signed("GET", "/api/v5/trade/order?instId=BTC-USDT&ordId=" + ordId, "")));
        assertThat(got.at("/data/0/state").textValue()).isEqualTo("partially_filled");
        assertThat(got.at("/data/0/accFillSz").textValue()).isEqualTo("0.0004");
        assertThat(got.at("/data/0/fillSz").textValue()).isEqualTo("0.0004");
        assertThat(got.at("/data/0/fillPx").textValue()).isEqualTo("30000.1");
        JsonNode pending = okxJson(send(signed("GET", "/api/v5/trade/orders-pending?instType=SPOT", "")));
        assertThat(pending.at("/data")).hasSize(1);

        String cancel = "{\"instId\":\"BTC-USDT\",\"ordId\":\"" + ordId + "\"}";
        assertThat(okxJson(send(signed("POST", "/api/v5/trade/cancel-order", cancel))).at("/data/0/sCode").textValue())
                .isEqualTo("0");
        JsonNode again = okxJson(send(signed("POST", "/api/v5/trade/cancel-order", cancel)));
        assertThat(again.at("/code").textValue()).isEqualTo("1");
        assertThat(again.at("/data/0/sCode").textValue()).isEqualTo("51400");

        JsonNode history = okxJson(send(signed("GET", "/api/v5/trade/orders-history?instType=SPOT&instId=BTC-USDT", "")));
        assertThat(history.at("/data/0/state").textValue()).isEqualTo("canceled");
        assertParameterError(send(signed("GET", "/api/v5/trade/orders-history", "")), "Parameter instType error");
    }

    @Test
    void refusesOrdersOkxWouldRefuse() throws Exception {
        String numericSz = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"market\",\"sz\":0.001}";
        JsonNode refused = okxJson(send(signed("POST", "/api/v5/trade/order", numericSz)));
        assertThat(refused.at("/code").textValue()).isEqualTo("1");
        assertThat(refused.at("/data/0/sMsg").textValue()).isEqualTo("Parameter sz error");

        okx.rejectNextOrder("51008", "Order failed. Insufficient USDT balance in account.");
        String good = numericSz.replace("0.001}", "\"100\"}");
        assertThat(okxJson(send(signed("POST", "/api/v5/trade/order", good))).at("/data/0/sCode").textValue())
                .isEqualTo("51008");
        assertThat(okxJson(send(signed("POST", "/api/v5/trade/order", good))).at("/data/0/sCode").textValue())
                .isEqualTo("0");
    }

    @Test
    void marketDataHonoursItsParameters() throws Exception {
        JsonNode book = okxJson(send(get("/api/v5/market/books?instId=BTC-USDT&sz=2")));
        assertThat(book.at("/data/0/asks")).hasSize(2);
        assertThat(book.at("/data/0/bids/1/1").textValue()).isEqualTo("0.00000001");
        assertThat(okxJson(send(get("/api/v5/market/trades?instId=BTC-USDT&limit=3"))).at("/data")).hasSize(3);
        assertThat(okxJson(send(get("/api/v5/market/candles?instId=BTC-USDT&bar=1H&limit=2"))).at("/data")).hasSize(2);
        assertParameterError(send(get("/api/v5/market/candles?instId=BTC-USDT&bar=1h")), "Parameter bar error");
        assertThat(okx.candleBars()).containsExactly("1H", "1h");
        assertThat(okxJson(send(get("/api/v5/market/ticker?instId=DOGE-USDT"))).at("/code").textValue())
                .isEqualTo("51001");
    }

    @Test
    void faultsHitTheNextCallsOnlyOnce() throws Exception {
        String path = "/api/v5/public/time";
        okx.failNext(path, new Fault.Status(503, "{\"code\":\"50001\",\"msg\":\"Service temporarily unavailable\"}"));
        okx.failNext(path, new Fault.NotJson());
        okx.failNext(path, new Fault.Truncated());
        okx.failNext(path, new Fault.Reset());

        assertThat(send(get(path)).statusCode()).isEqualTo(503);
        assertThat(send(get(path)).body()).isEqualTo("<html>bad gateway</html>");
        assertThat(send(get(path)).body()).startsWith("{\"code\":\"0\"").doesNotEndWith("}");
        assertThatThrownBy(() -> send(get(path))).isInstanceOf(IOException.class);
        assertThat(okxJson(send(get(path))).at("/data/0/ts").textValue()).matches("\\d{13}");
        assertThat(okx.requestsTo(path)).hasSize(5);
    }

    @Test
    void delayedCallsAreServedSideBySide() throws Exception {
        okx.failNext("/api/v5/public/time", 3, new Fault.Delay(700));
        long started = System.nanoTime();
        CompletableFuture<?>[] calls = new CompletableFuture<?>[3];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = http.sendAsync(get("/api/v5/public/time").build(), HttpResponse.BodyHandlers.ofString());
        }
        CompletableFuture.allOf(calls).join();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(700), Duration.ofMillis(2000));
    }

    // ---------------------------------------------------------------- a client signing on its own

    private HttpRequest.Builder signed(String method, String pathAndQuery, String body) {
        return request(method, pathAndQuery, body, Instant.now(), SECRET, PASSPHRASE);
    }

    private HttpRequest.Builder request(String method, String pathAndQuery, String body,
                                        Instant at, String secret, String passphrase) {
        String timestamp = OKX_TIME.format(at);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(okx.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("OK-ACCESS-KEY", KEY)
                .header("OK-ACCESS-PASSPHRASE", passphrase)
                .header("OK-ACCESS-TIMESTAMP", timestamp)
                .header("OK-ACCESS-SIGN", sign(secret, timestamp + method + pathAndQuery + body));
        return method.equals("POST")
                ? request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                : request.GET();
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(okx.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
    }

    private static String sign(String secret, String prehash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode okxJson(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** 51000, which OKX's error table sends with HTTP 400. */
    private static void assertParameterError(HttpResponse<String> response, String msg) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/code").textValue()).isEqualTo("51000");
        assertThat(JSON.readTree(response.body()).at("/msg").textValue()).isEqualTo(msg);
    }

    private static void assertRefused(HttpResponse<String> response, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).at("/code").textValue()).isEqualTo(code);
    }
}
