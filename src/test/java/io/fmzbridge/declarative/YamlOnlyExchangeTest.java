package io.fmzbridge.declarative;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.LogCapture;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.exchange.coinbase.CoinbaseStub;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.Fault;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exchanges added with YAML alone: route files in a user's folder, loaded beside the packaged routes,
 * serve FMZ calls through the declarative request builder, a configured signer and JSON Pointer
 * mappings, against local exchanges that check every signature the way the exchange defines it.
 * Bitget is the example file the repository ships; Acme is written here, shaped unlike it.
 */
class YamlOnlyExchangeTest {

    /** Acme's whole integration: no class of its own anywhere. */
    static final String ACME_ROUTES = """
            - beans:
                - name: acmeRequests
                  type: io.fmzbridge.declarative.DeclaredRequests
                  properties:
                    symbol: "{quote}-{base}"
                    symbolCase: lower
                    maxDepth: 50
                - name: acmeScheme
                  type: io.fmzbridge.sign.QueryHmacSigner
                  properties:
                    algorithm: HmacSHA512
                    keyHeader: X-ACME-KEY
                    timestampParam: ts
                    signatureParam: sig
                - name: acmeSigner
                  type: io.fmzbridge.sign.SigningStep
                  constructors:
                    0: "#bean:acmeScheme"
                - name: acmeReplies
                  type: io.fmzbridge.declarative.DeclaredReplies
                  properties:
                    errorCode: /error/code
                    errorMessage: /error/message
                    timeUnit: s
                    ticker: {buy: /best/bid, sell: /best/ask, high: /stats/high, low: /stats/low,
                             last: /stats/last, vol: /stats/volume, time: /at}
                    depth: {item: /book, asks: /sell, bids: /buy, price: /p, amount: /q, time: /at}
                    balances: {list: /balances, free: /available, total: /total}

            - route:
                id: acme
                group: exchange
                routeConfigurationId: exchange
                from:
                  uri: direct:acme
                  steps:
                    - choice:
                        when:
                          - expression: {simple: {expression: "${exchangeProperty.fmzMethod} == 'ticker'"}}
                            steps:
                              - setProperty: {name: endpoint, expression: {constant: {expression: "GET /v1/markets/{symbol}/ticker"}}}
                              - bean: {ref: acmeRequests, method: call}
                              - to: {uri: direct:acme-call}
                              - bean: {ref: acmeReplies, method: ticker}
                          - expression: {simple: {expression: "${exchangeProperty.fmzMethod} == 'depth'"}}
                            steps:
                              - setProperty: {name: endpoint, expression: {constant: {expression: "GET /v1/markets/{symbol}/book?levels={depth}"}}}
                              - bean: {ref: acmeRequests, method: call}
                              - to: {uri: direct:acme-call}
                              - bean: {ref: acmeReplies, method: depth}
                          - expression: {simple: {expression: "${exchangeProperty.fmzMethod} in 'accounts,assets'"}}
                            steps:
                              - setProperty: {name: endpoint, expression: {constant: {expression: "GET /v1/account/balances?currency={currency}"}}}
                              - bean: {ref: acmeRequests, method: call}
                              - process: {ref: acmeSigner}
                              - to: {uri: direct:acme-call}
                              - bean: {ref: acmeReplies, method: balances}
                        otherwise:
                          steps:
                            - throwException:
                                exceptionType: io.fmzbridge.fmz.FmzError
                                message: "method '${exchangeProperty.fmzMethod}' is not supported"

            - templatedRoute:
                routeTemplateRef: exchange-call
                routeId: acme-call
                parameters:
                  - {name: exchange, value: acme}
                  - {name: baseUrl, value: "{{fmz.exchange.acme.base-url}}"}
                  - {name: replyReader, value: acmeReplies}
            """;

    /**
     * Coinbase's key-pair JWTs declared, not written: a balance branch signed by the shared signer with
     * Coinbase's settings, against Coinbase's stub, which checks each token as Coinbase does.
     */
    static final String CDP_ROUTES = """
            - beans:
                - name: cdpRequests
                  type: io.fmzbridge.declarative.DeclaredRequests
                  properties:
                    symbol: "{base}-{quote}"
                - name: cdpJwt
                  type: io.fmzbridge.sign.KeyPairJwtSigner
                  properties:
                    algorithm: key
                    tokenHeader: Authorization
                    tokenPrefix: "Bearer "
                    keyNameHeader: kid
                    nonceHeader: nonce
                    keyNameClaim: sub
                    issuer: cdp
                    lifetimeSeconds: 120
                    uri: "{verb} {host}{path}"
                    baseUrl: "{{fmz.exchange.cdp.base-url}}"
                - name: cdpSigner
                  type: io.fmzbridge.sign.SigningStep
                  constructors:
                    0: "#bean:cdpJwt"
                - name: cdpReplies
                  type: io.fmzbridge.declarative.DeclaredReplies
                  properties:
                    errorCode: /error
                    errorMessage: /message
                    balances: {list: /accounts, currency: /currency, free: /available_balance/value, frozen: /hold/value}

            - route:
                id: cdp
                group: exchange
                routeConfigurationId: exchange
                from:
                  uri: direct:cdp
                  steps:
                    - choice:
                        when:
                          - expression: {simple: {expression: "${exchangeProperty.fmzMethod} in 'accounts,assets'"}}
                            steps:
                              - setProperty: {name: endpoint, expression: {constant: {expression: "GET /api/v3/brokerage/accounts?limit=250"}}}
                              - bean: {ref: cdpRequests, method: call}
                              - process: {ref: cdpSigner}
                              - to: {uri: direct:cdp-call}
                              - bean: {ref: cdpReplies, method: balances}
                        otherwise:
                          steps:
                            - throwException:
                                exceptionType: io.fmzbridge.fmz.FmzError
                                message: "method '${exchangeProperty.fmzMethod}' is not supported"

            - templatedRoute:
                routeTemplateRef: exchange-call
                routeId: cdp-call
                parameters:
                  - {name: exchange, value: cdp}
                  - {name: baseUrl, value: "{{fmz.exchange.cdp.base-url}}"}
                  - {name: replyReader, value: cdpReplies}
            """;

    @TempDir
    static Path userRoutes;

    static BitgetStub bitget;
    static AcmeStub acme;
    static CoinbaseStub coinbase;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(Path.of("examples/bitget.camel.yaml"), userRoutes.resolve("bitget.camel.yaml"));
        Files.writeString(userRoutes.resolve("acme.camel.yaml"), ACME_ROUTES);
        Files.writeString(userRoutes.resolve("cdp.camel.yaml"), CDP_ROUTES);
        bitget = new BitgetStub();
        acme = new AcmeStub();
        coinbase = CoinbaseStub.start();
        bridge = RunningBridge.start(Map.of(
                "fmz.routes.extra", "file:" + userRoutes.toAbsolutePath() + "/*.camel.yaml",
                "fmz.exchange.bitget.base-url", bitget.baseUrl(),
                "fmz.exchange.acme.base-url", acme.baseUrl(),
                "fmz.exchange.cdp.base-url", coinbase.baseUrl(),
                "fmz.call.rate-limit-enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        bitget.close();
        acme.close();
        coinbase.close();
    }

    @BeforeEach
    void forgetRequests() {
        bitget.clear();
        acme.clear();
        coinbase.clear();
    }

    static JsonNode data(JsonNode reply) {
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply.path("data");
    }

    /** The reply exactly as the bridge wrote it: decimals are asserted on the wire, digit for digit. */
    static String wire(String exchangePath, JsonNode envelope) throws Exception {
        HttpResponse<String> response = bridge.post(exchangePath, RunningBridge.JSON.writeValueAsString(envelope), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("\"error\"");
        return response.body();
    }

    static StubRequest lastRequest(StubExchange stub) {
        List<StubRequest> requests = stub.requests();
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    @Test
    void bothAreServedBesideThePackagedExchanges() throws Exception {
        String error = bridge.call("/Nowhere", envelope("ticker", "", "")).path("error").asText();
        assertThat(error).contains("acme", "bitget", "okx", "binance");
    }

    @Nested
    class Bitget {

        static final String SECRET_KEY = BitgetStub.SECRET + "," + BitgetStub.PASSPHRASE;

        JsonNode call(String method, Object... params) throws Exception {
            return bridge.call("/Bitget", envelope(method, BitgetStub.KEY, SECRET_KEY, params));
        }

        @Test
        void tickerKeepsEveryDigit() throws Exception {
            JsonNode reply = call("ticker", "symbol", "btc_usdt");
            JsonNode t = data(reply);
            assertThat(t.path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(t.path("buy").decimalValue()).isEqualTo("34413.09999999");
            assertThat(t.path("sell").decimalValue()).isEqualTo("34413.10000001");
            assertThat(t.path("high").decimalValue()).isEqualTo("37775.65");
            assertThat(t.path("low").decimalValue()).isEqualTo("34413.1");
            assertThat(t.path("open").decimalValue()).isEqualTo("35134.2");
            assertThat(t.path("last").decimalValue()).isEqualTo("34413.1");
            assertThat(t.path("vol").decimalValue()).isEqualTo("2.00000001");
            assertThat(t.path("time").asLong()).isEqualTo(1625125755277L);
            assertThat(reply.path("raw").path("data").path(0).path("symbol").asText()).isEqualTo("BTCUSDT");

            StubRequest sent = lastRequest(bitget);
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v2/spot/market/tickers?symbol=BTCUSDT");
            assertThat(sent.headers()).as("market data is public").doesNotContainKey("access-key");
        }

        @Test
        void depthIsOrderedAndLimited() throws Exception {
            String depth = wire("/Bitget", envelope("depth", "", "", "symbol", "BTC_USDT", "limit", "3"));
            assertThat(lastRequest(bitget).rawPathAndQuery())
                    .isEqualTo("/api/v2/spot/market/orderbook?symbol=BTCUSDT&type=step0&limit=3");
            assertThat(depth).startsWith("{\"data\":{\"time\":1698303884584,"
                    + "\"asks\":[[34567.15,0.0131],[34567.25,0.0144],[34570,1.5]],"
                    + "\"bids\":[[34567,0.2917],[34566.85,0.0145],[34560,3]]},\"raw\":");
        }

        @Test
        void depthAsksForTwentyLevelsByDefaultAndAtMostBitgetsMaximum() throws Exception {
            data(call("depth", "symbol", "BTC_USDT"));
            assertThat(lastRequest(bitget).rawQuery()).endsWith("&limit=20");
            data(call("depth", "symbol", "BTC_USDT", "limit", 1000));
            assertThat(lastRequest(bitget).rawQuery()).endsWith("&limit=150");
        }

        @Test
        void accountsAreSignedAndExact() throws Exception {
            String balances = "{\"data\":[{\"currency\":\"USDT\",\"free\":1234.56789012,\"frozen\":100.5},"
                    + "{\"currency\":\"BTC\",\"free\":0.00000001,\"frozen\":0}],\"raw\":";
            assertThat(wire("/Bitget", envelope("accounts", BitgetStub.KEY, SECRET_KEY))).startsWith(balances);
            StubRequest sent = lastRequest(bitget);
            assertThat(sent.header("ACCESS-KEY")).isEqualTo(BitgetStub.KEY);
            assertThat(sent.header("ACCESS-PASSPHRASE")).isEqualTo(BitgetStub.PASSPHRASE);
            assertThat(wire("/Bitget", envelope("assets", BitgetStub.KEY, SECRET_KEY))).startsWith(balances);
        }

        @Test
        void aWrongSecretKeepsBitgetsCodeAndText() throws Exception {
            JsonNode reply = bridge.call("/Bitget", envelope("accounts", BitgetStub.KEY, "wrong," + BitgetStub.PASSPHRASE));
            assertThat(reply.path("error").asText()).isEqualTo("Bitget: code 40009: sign signature error (HTTP 400)");
        }

        @Test
        void anUnknownSymbolKeepsBitgetsCodeAndText() throws Exception {
            assertThat(call("ticker", "symbol", "NOPE_USDT").path("error").asText())
                    .isEqualTo("Bitget: code 40034: Parameter NOPEUSDT does not exist (HTTP 400)");
        }

        @Test
        void aSecretWithoutPassphraseIsRefusedBeforeAnyCall() throws Exception {
            JsonNode reply = bridge.call("/Bitget", envelope("accounts", BitgetStub.KEY, BitgetStub.SECRET));
            assertThat(reply.path("error").asText()).isEqualTo("Bitget: secret_key must be 'secret,passphrase' for this exchange");
            assertThat(bitget.requests()).isEmpty();
        }

        @Test
        void aMalformedReplyNamesTheField() throws Exception {
            bitget.failNext("/api/v2/spot/market/tickers", new Fault.Status(200,
                    "{\"code\":\"00000\",\"data\":[{\"bidPr\":\"34413.1\",\"askPr\":\"n/a\",\"lastPr\":\"1\",\"ts\":\"1\"}]}"));
            assertThat(call("ticker", "symbol", "BTC_USDT").path("error").asText())
                    .isEqualTo("Bitget: reply has 'n/a' for ticker.sell at /askPr where a number belongs");

            bitget.failNext("/api/v2/spot/market/tickers", new Fault.Status(200,
                    "{\"code\":\"00000\",\"data\":[{\"bidPr\":\"34413.1\",\"askPr\":\"34413.2\",\"ts\":\"1\"}]}"));
            assertThat(call("ticker", "symbol", "BTC_USDT").path("error").asText())
                    .isEqualTo("Bitget: reply has no ticker.high at /high24h");

            bitget.failNext("/api/v2/spot/market/tickers", new Fault.Status(200, "{\"code\":\"00000\",\"data\":[]}"));
            assertThat(call("ticker", "symbol", "BTC_USDT").path("error").asText())
                    .isEqualTo("Bitget: reply has no ticker at /data/0");
        }

        @Test
        void noSecretPassphraseOrSignatureEscapes() throws Exception {
            List<String> seen = new ArrayList<>();
            try (LogCapture log = new LogCapture()) {
                bitget.failNext("/api/v2/spot/account/assets", new Fault.Status(500, "oops"));
                for (JsonNode envelope : List.of(
                        envelope("accounts", BitgetStub.KEY, SECRET_KEY),
                        envelope("accounts", BitgetStub.KEY, SECRET_KEY),
                        envelope("accounts", BitgetStub.KEY, BitgetStub.SECRET + ",wrong"),
                        envelope("accounts", BitgetStub.KEY, BitgetStub.SECRET),
                        envelope("__api_/api/v2/spot/account/assets", BitgetStub.KEY, SECRET_KEY))) {
                    HttpResponse<String> response = bridge.post("/Bitget", envelope.toString(), Map.of());
                    seen.add(response.headers().map().toString());
                    seen.add(response.body());
                }
                seen.add(log.text());
                assertThat(log.text()).as("the capture sees the bridge at work").contains("ReplyWriter");
            }
            List<String> signatures = bitget.requests().stream().map(r -> r.header("ACCESS-SIGN")).toList();
            assertThat(signatures).as("the one without a passphrase never leaves").hasSize(4).doesNotContainNull();
            for (String text : seen) {
                assertThat(text).doesNotContain(BitgetStub.SECRET).doesNotContain(BitgetStub.PASSPHRASE);
                for (String signature : signatures) {
                    assertThat(text).doesNotContain(signature);
                }
            }
        }

        @Test
        void methodsTheFileDoesNotDeclareAreRefused() throws Exception {
            assertThat(call("positions", "symbol", "BTC_USDT.swap").path("error").asText())
                    .isEqualTo("Bitget: method 'positions' is not supported");
            assertThat(bitget.requests()).isEmpty();
        }

        @Test
        void marketsFromDecimalsAndOnlyPairsOnline() throws Exception {
            JsonNode markets = data(call("markets"));
            assertThat(lastRequest(bitget).rawPathAndQuery()).isEqualTo("/api/v2/spot/public/symbols");
            assertThat(markets.properties()).extracting(Map.Entry::getKey).as("OLDUSDT is offline").containsExactly("BTC_USDT");
            JsonNode btc = markets.path("BTC_USDT");
            assertThat(btc.path("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.path("quoteAsset").asText()).isEqualTo("USDT");
            assertThat(btc.path("tickSize").decimalValue()).isEqualByComparingTo("0.0001");
            assertThat(btc.path("amountSize").decimalValue()).isEqualByComparingTo("0.00000001");
            assertThat(btc.path("pricePrecision").asInt()).isEqualTo(4);
            assertThat(btc.path("amountPrecision").asInt()).isEqualTo(8);
            assertThat(btc.path("minQty").decimalValue()).isEqualByComparingTo("0.0001");
            assertThat(btc.path("maxQty").decimalValue()).isEqualByComparingTo("10000");
            assertThat(btc.path("minNotional").decimalValue()).as("minTradeUSDT is not the quote's").isZero();
        }

        @Test
        void tickersOfEveryPairLearnedFromMarkets() throws Exception {
            data(call("markets"));
            JsonNode tickers = data(call("tickers"));
            assertThat(lastRequest(bitget).rawPathAndQuery()).isEqualTo("/api/v2/spot/market/tickers");
            assertThat(tickers).as("NEWUSDT, listed since the markets were read, is left out").hasSize(1);
            assertThat(tickers.path(0).path("symbol").asText()).isEqualTo("BTC_USDT");
            assertThat(tickers.path(0).path("buy").decimalValue()).isEqualTo("34413.09999999");
            assertThat(tickers.path(0).path("time").asLong()).isEqualTo(1625125755277L);
        }

        @Test
        void tradesOldestFirstWithTheTakersSide() throws Exception {
            String trades = wire("/Bitget", envelope("trades", "", "", "symbol", "BTC_USDT", "limit", 1000));
            assertThat(lastRequest(bitget).rawPathAndQuery()).as("at most Bitget's 500")
                    .isEqualTo("/api/v2/spot/market/fills?symbol=BTCUSDT&limit=500");
            assertThat(trades).startsWith("{\"data\":["
                    + "{\"id\":\"2\",\"time\":1622097280642,\"price\":2.38649,\"amount\":3239.7976,\"type\":\"sell\"},"
                    + "{\"id\":\"1\",\"time\":1622097282536,\"price\":2.38735,\"amount\":2470.6224,\"type\":\"buy\"}],");
            data(call("trades", "symbol", "BTC_USDT"));
            assertThat(lastRequest(bitget).rawQuery()).as("no limit: Bitget's default").isEqualTo("symbol=BTCUSDT");
        }

        @Test
        void recordsThroughThePeriodTableInSeconds() throws Exception {
            String records = wire("/Bitget", envelope("records", "", "", "symbol", "BTC_USDT", "period", 60, "limit", 2));
            assertThat(lastRequest(bitget).rawPathAndQuery())
                    .isEqualTo("/api/v2/spot/market/candles?symbol=BTCUSDT&granularity=1h&limit=2");
            assertThat(records).startsWith("{\"data\":[[1654012800,39270.4,39270.4,37834.5,37834.5,42.444],"
                    + "[1656604800,37834.5,37849.5,37773.5,37773.5,428.3462]],");
            data(call("records", "symbol", "BTC_USDT", "period", 1440));
            assertThat(lastRequest(bitget).rawQuery()).isEqualTo("symbol=BTCUSDT&granularity=1Dutc");
        }

        @Test
        void aHugeLimitIsCappedAtEachEndpointsMaximumNotRefused() throws Exception {
            data(call("records", "symbol", "BTC_USDT", "period", 60, "limit", 1_000_000));
            assertThat(lastRequest(bitget).rawQuery()).as("Get Candlestick Data: at most 1000").endsWith("&limit=1000");
            data(call("depth", "symbol", "BTC_USDT", "limit", 1_000_000));
            assertThat(lastRequest(bitget).rawQuery()).as("Get OrderBook Depth: at most 150").endsWith("&limit=150");
            data(call("trades", "symbol", "BTC_USDT", "limit", 1_000_000));
            assertThat(lastRequest(bitget).rawQuery()).as("Get Recent Trades: at most 500").endsWith("&limit=500");
            data(call("orders", "symbol", "BTC_USDT", "limit", 1_000_000));
            assertThat(lastRequest(bitget).rawQuery()).as("Get Current Orders: at most 100").endsWith("&limit=100");
        }

        @Test
        void bitgetRefusesALimitOverItsMaximumWhereTheFileDoesNotCapIt() throws Exception {
            // exchange.IO sends what the strategy wrote: Bitget's own answer comes back
            assertThat(call("__api_/api/v2/spot/market/candles", "symbol", "BTCUSDT", "granularity", "1h", "limit", "1001")
                    .path("error").asText()).isEqualTo("Bitget: code 40808: Parameter verification exception limit must be 1 to 1000,"
                    + " not 1001 (HTTP 400)");
        }

        @Test
        void aPeriodWithoutABarIsRefusedBeforeAnyCall() throws Exception {
            assertThat(call("records", "symbol", "BTC_USDT", "period", 2).path("error").asText())
                    .isEqualTo("Bitget: period 2 has no bar here; periods in minutes: 1, 5, 15, 30, 60, 240, 360, 720, 1440, 10080");
            assertThat(bitget.requests()).isEmpty();
        }
    }

    @Nested
    class Acme {

        JsonNode call(String method, Object... params) throws Exception {
            return bridge.call("/Acme", envelope(method, AcmeStub.KEY, AcmeStub.SECRET, params));
        }

        @Test
        void tickerFromNumbersSecondsAndAPathParameter() throws Exception {
            JsonNode t = data(call("ticker", "symbol", "BTC_USDT"));
            assertThat(lastRequest(acme).rawPathAndQuery()).isEqualTo("/v1/markets/usdt-btc/ticker");
            assertThat(t.path("buy").decimalValue()).isEqualTo("41006.10000000000000000001");
            assertThat(t.path("sell").decimalValue()).isEqualTo("41006.2");
            assertThat(t.path("open").decimalValue()).as("Acme has no open: undeclared").isEqualTo("0");
            assertThat(t.path("vol").decimalValue()).isEqualByComparingTo("12.34567890123456789");
            assertThat(t.path("time").asLong()).isEqualTo(1700000000123L);
        }

        @Test
        void depthFromObjectLevels() throws Exception {
            String depth = wire("/Acme", envelope("depth", "", "", "symbol", "BTC_USDT", "limit", "2"));
            assertThat(lastRequest(acme).rawPathAndQuery()).isEqualTo("/v1/markets/usdt-btc/book?levels=2");
            assertThat(depth).startsWith("{\"data\":{\"time\":1700000001000,"
                    + "\"asks\":[[41006.2,0.00000001],[41006.3,0.5]],\"bids\":[[41006.1,2.5],[41006.05,1]]},");
        }

        @Test
        void accountsSignedTheBinanceWayWithAcmesNames() throws Exception {
            assertThat(wire("/Acme", envelope("accounts", AcmeStub.KEY, AcmeStub.SECRET)))
                    .startsWith("{\"data\":[{\"currency\":\"BTC\",\"free\":0.5,\"frozen\":0.25},"
                            + "{\"currency\":\"USDT\",\"free\":1000.00000001,\"frozen\":0.00000000}],");
            StubRequest sent = lastRequest(acme);
            assertThat(sent.rawQuery()).as("an optional parameter FMZ did not send is left out")
                    .matches("ts=\\d{13}&sig=[0-9a-f]{128}");
        }

        @Test
        void anErrorObjectIsAnErrorEvenWithHttp200() throws Exception {
            JsonNode reply = bridge.call("/Acme", envelope("accounts", AcmeStub.KEY, "not-the-secret"));
            assertThat(reply.path("error").asText()).isEqualTo("Acme: code E_AUTH: bad signature");
            assertThat(call("ticker", "symbol", "ETH_BTC").path("error").asText())
                    .isEqualTo("Acme: code E_MARKET: unknown market (HTTP 404)");
        }
    }
    @Nested
    class KeyPairJwt {

        static final String BALANCES = "{\"data\":[{\"currency\":\"USD\",\"free\":4834.31,\"frozen\":158.573},"
                + "{\"currency\":\"BTC\",\"free\":0.00000001,\"frozen\":0}],\"raw\":";

        @Test
        void anEcKeySignsEs256AndCoinbaseAcceptsIt() throws Exception {
            CoinbaseStub.ApiKey key = coinbase.addTestKey("organizations/yaml/apiKeys/ec");
            assertThat(wire("/Cdp", envelope("accounts", key.name(), key.secret()))).startsWith(BALANCES);
            StubRequest sent = lastRequest(coinbase);
            assertThat(sent.rawPathAndQuery()).isEqualTo("/api/v3/brokerage/accounts?limit=250");
            String header = new String(java.util.Base64.getUrlDecoder().decode(
                    sent.header("Authorization").substring("Bearer ".length()).split("\\.")[0]));
            assertThat(header).startsWith("{\"alg\":\"ES256\",\"kid\":\"organizations/yaml/apiKeys/ec\",\"nonce\":");
        }

        @Test
        void anEd25519KeySignsEdDsaAndCoinbaseAcceptsIt() throws Exception {
            CoinbaseStub.ApiKey key = coinbase.addTestEd25519Key("organizations/yaml/apiKeys/ed");
            assertThat(wire("/Cdp", envelope("assets", key.name(), key.secret()))).startsWith(BALANCES);
        }

        @Test
        void aKeyCoinbaseDoesNotKnowIsRefusedByIt() throws Exception {
            CoinbaseStub.ApiKey key = coinbase.addTestKey("organizations/yaml/apiKeys/known");
            JsonNode reply = bridge.call("/Cdp", envelope("accounts", "organizations/yaml/apiKeys/unknown", key.secret()));
            assertThat(reply.path("error").asText())
                    .isEqualTo("Cdp: unreadable reply from exchange (HTTP 401): not JSON or cut off: Unauthorized");
            assertThat(coinbase.requests()).hasSize(1);
        }
    }
}
