package io.fmzbridge.exchange.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmzbridge.exchange.binance.BinanceStub.Listing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Binance stub must be as strict as Binance, or tests against it prove nothing. */
class BinanceStubTest {

    private static final String DOC_KEY = BinanceSignerTest.DOC_KEY;
    private static final String DOC_SECRET = BinanceSignerTest.DOC_SECRET;
    private static final long DOC_TIME = 1499827319559L;
    private static final String DOC_PARAMS = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private BinanceStub binance;

    @BeforeEach
    void start() {
        binance = BinanceStub.start();
        binance.addAccount(DOC_KEY, DOC_SECRET);
        binance.list(new Listing("LTCBTC", "LTC", "BTC", "TRADING", "0.00000100", "0.00100000", "0.00100000",
                "0.00010000", "0.0025"));
        atDocumentedTime(0);
    }

    @AfterEach
    void stop() {
        binance.close();
    }

    /** The stub's clock this many ms after the documented example's timestamp. */
    private void atDocumentedTime(long plusMillis) {
        binance.useClock(Clock.fixed(Instant.ofEpochMilli(DOC_TIME + plusMillis), ZoneOffset.UTC));
    }

    @Test
    void acceptsEachDocumentedExampleAsSent() throws Exception {
        String signed = DOC_PARAMS + "&recvWindow=5000&timestamp=" + DOC_TIME;
        // Example 2: everything in the query string
        assertAccepted(send(post("/api/v3/order?" + signed
                + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "")));
        // Example 1: everything in the form body
        assertAccepted(send(post("/api/v3/order", signed
                + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")));
        // Example 3: query and body concatenated without a separator
        assertAccepted(send(post("/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                "quantity=1&price=0.1&recvWindow=5000&timestamp=" + DOC_TIME
                        + "&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77")));
        assertThat(binance.placedOrders()).hasSize(3).allSatisfy(order -> assertThat(order)
                .containsEntry("quantity", "1").containsEntry("price", "0.1"));
    }

    @Test
    void signaturesAreCaseInsensitiveButMustMatchTheBytesSent() throws Exception {
        String signed = DOC_PARAMS + "&recvWindow=5000&timestamp=" + DOC_TIME;
        assertAccepted(send(post("/api/v3/order?" + signed
                + "&signature=C8DB56825AE71D6D79447849E617115F4A920FA2ACDCAB2B053C4B2838BD6B71", "")));
        assertRefused(send(post("/api/v3/order?" + signed.replace("price=0.1", "price=0.10")
                + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "")), 400, -1022);
        assertRefused(send(post("/api/v3/order?" + signed, "")), 400, -1102);
    }

    @Test
    void timestampsFollowBinanceRule() throws Exception {
        atDocumentedTime(-999);
        assertAccepted(send(signedGet("/api/v3/account", "", DOC_TIME, DOC_SECRET)));
        atDocumentedTime(-1000);
        JsonNode ahead = assertRefused(send(signedGet("/api/v3/account", "", DOC_TIME, DOC_SECRET)), 400, -1021);
        assertThat(ahead.path("msg").asText()).isEqualTo("Timestamp for this request was 1000ms ahead of the server's time.");
        atDocumentedTime(5000);
        assertAccepted(send(signedGet("/api/v3/account", "", DOC_TIME, DOC_SECRET)));
        atDocumentedTime(5001);
        JsonNode late = assertRefused(send(signedGet("/api/v3/account", "", DOC_TIME, DOC_SECRET)), 400, -1021);
        assertThat(late.path("msg").asText()).isEqualTo("Timestamp for this request is outside of the recvWindow.");
        atDocumentedTime(0);
        assertRefused(send(signedGet("/api/v3/account", "recvWindow=60001&", DOC_TIME, DOC_SECRET)), 400, -1130);
    }

    @Test
    void refusesMissingOrUnknownKeysAndWrongSecrets() throws Exception {
        assertRefused(send(signedGet("/api/v3/account", "", DOC_TIME, "another-secret")), 400, -1022);
        HttpRequest.Builder noKey = HttpRequest.newBuilder(URI.create(binance.baseUrl() + "/api/v3/account?timestamp=" + DOC_TIME));
        assertRefused(send(noKey), 401, -2014);
        assertRefused(send(signedGet("/api/v3/account", "", DOC_TIME, DOC_SECRET).setHeader("X-MBX-APIKEY", "nobody")), 401, -2015);
    }

    @Test
    void refusesParametersAnEndpointDoesNotRead() throws Exception {
        JsonNode unread = assertRefused(send(get("/api/v3/depth?symbol=BTCUSDT&timestamp=" + DOC_TIME)), 400, -1104);
        assertThat(unread.path("msg").asText()).isEqualTo("Not all sent parameters were read; read '1' parameter(s) but was sent '2'.");
        assertRefused(send(get("/api/v3/klines?symbol=BTCUSDT&interval=1H")), 400, -1120);
        assertRefused(send(get("/api/v3/ticker/24hr?symbol=NOPE")), 400, -1121);
    }

    @Test
    void keepsAnOrderThroughItsLife() throws Exception {
        JsonNode placed = binanceJson(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"
                + "&quantity=0.001&price=25000.5&newClientOrderId=mine1&newOrderRespType=RESULT&")));
        long orderId = placed.path("orderId").asLong();
        assertThat(placed.path("status").asText()).isEqualTo("NEW");
        assertThat(placed.path("origQty").asText()).as("Binance's eight places").isEqualTo("0.00100000");

        binance.fill(orderId, "0.0004", "10.0002");
        JsonNode got = binanceJson(send(signedGet("/api/v3/order", "symbol=BTCUSDT&orderId=" + orderId + "&", DOC_TIME, DOC_SECRET)));
        assertThat(got.path("status").asText()).isEqualTo("PARTIALLY_FILLED");
        assertThat(got.path("cummulativeQuoteQty").asText()).isEqualTo("10.00020000");
        assertThat(got.has("stopPrice") || got.has("icebergQty"))
                .as("conditional fields of stop and iceberg orders only (rest-api.md)").isFalse();
        assertThat(binanceJson(send(signedGet("/api/v3/openOrders", "", DOC_TIME, DOC_SECRET)))).hasSize(1);

        JsonNode canceled = binanceJson(send(signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=mine1&")));
        assertThat(canceled.path("status").asText()).isEqualTo("CANCELED");
        assertThat(canceled.path("origClientOrderId").asText()).isEqualTo("mine1");
        assertThat(canceled.has("workingTime")).as("rest-api.md's cancel reply has none").isFalse();
        assertRefused(send(signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&orderId=" + orderId + "&")), 400, -2011);
        assertRefused(send(signedGet("/api/v3/order", "symbol=BTCUSDT&orderId=1&", DOC_TIME, DOC_SECRET)), 400, -2013);

        assertThat(binanceJson(send(signedGet("/api/v3/allOrders", "symbol=BTCUSDT&", DOC_TIME, DOC_SECRET)))
                .path(0).path("status").asText()).isEqualTo("CANCELED");
        assertRefused(send(signedGet("/api/v3/allOrders", "", DOC_TIME, DOC_SECRET)), 400, -1102);
    }

    @Test
    void refusesOrdersBinanceWouldRefuse() throws Exception {
        assertRefused(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.001&price=25000&")), 400, -1102);
        assertRefused(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1e-3&")), 400, -1100);
        assertRefused(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.000001&")), 400, -1013);
        assertRefused(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=10&timeInForce=GTC&")), 400, -1106);
        binance.rejectNextOrder(400, -2010, "Account has insufficient balance for requested action.");
        JsonNode rejected = assertRefused(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=10&")), 400, -2010);
        assertThat(rejected.path("msg").asText()).isEqualTo("Account has insufficient balance for requested action.");
        JsonNode market = binanceJson(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=10&")));
        assertThat(market.path("status").asText()).isEqualTo("FILLED");
        assertThat(market.path("executedQty").asText()).isEqualTo("0.00033000");
        assertThat(market.path("fills").path(0).path("qty").asText()).as("FULL lists the fill").isEqualTo("0.00033000");
        assertThat(assertRefused(send(signedPost("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.000010001&")),
                400, -1111).path("msg").asText()).isEqualTo("Parameter 'quantity' has too much precision.");
    }

    // ---------------------------------------------------------------- a client signing on its own

    private HttpRequest.Builder post(String pathAndQuery, String formBody) {
        return HttpRequest.newBuilder(URI.create(binance.baseUrl() + pathAndQuery))
                .header("X-MBX-APIKEY", DOC_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
    }

    /** {@code params} end with '&' when not empty; the stub's clock stands at the documented time. */
    private HttpRequest.Builder signedGet(String path, String params, long timestamp, String secret) {
        String query = params + "recvWindow=5000&timestamp=" + timestamp;
        return HttpRequest.newBuilder(URI.create(binance.baseUrl() + path + "?" + query + "&signature="
                + BinanceStub.expectedSignature(secret, query))).header("X-MBX-APIKEY", DOC_KEY).GET();
    }

    private HttpRequest.Builder signedPost(String path, String params) {
        return signed("POST", path, params);
    }

    private HttpRequest.Builder signed(String verb, String path, String params) {
        String query = params + "timestamp=" + DOC_TIME;
        return HttpRequest.newBuilder(URI.create(binance.baseUrl() + path + "?" + query + "&signature="
                + BinanceStub.expectedSignature(DOC_SECRET, query))).header("X-MBX-APIKEY", DOC_KEY)
                .method(verb, HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(binance.baseUrl() + pathAndQuery)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode binanceJson(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertAccepted(HttpResponse<String> response) throws IOException {
        binanceJson(response);
    }

    private static JsonNode assertRefused(HttpResponse<String> response, int status, int code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("code").asInt()).as(response.body()).isEqualTo(code);
        return body;
    }
}
