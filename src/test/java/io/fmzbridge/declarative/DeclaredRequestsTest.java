package io.fmzbridge.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.binance.BinanceRequests;
import io.fmzbridge.exchange.okx.OkxRequests;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Endpoint templates give the calls the Java request builders give, and say clearly what is wrong. */
class DeclaredRequestsTest {

    static FmzRequest request(String method, Object... params) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            values.put((String) params[i], params[i + 1]);
        }
        return new FmzRequest("acme", method, FmzJson.MAPPER.valueToTree(values), "", "", null);
    }

    static DeclaredRequests spelling(String symbol) {
        DeclaredRequests requests = new DeclaredRequests();
        requests.setSymbol(symbol);
        return requests;
    }

    @Test
    void theSameCallsAsOkxsJavaBuilder() {
        DeclaredRequests okx = spelling("{base}-{quote}");
        okx.setMaxDepth(400);
        FmzRequest ticker = request("ticker", "symbol", "btc_usdt");
        assertThat(okx.call(ticker, "GET /api/v5/market/ticker?instId={symbol}"))
                .isEqualTo(new OkxRequests().ticker(ticker, "GET /api/v5/market/ticker"));
        for (Object limit : new Object[] {null, "5", 1000}) {
            FmzRequest depth = limit == null ? request("depth", "symbol", "ETH_USDT") : request("depth", "symbol", "ETH_USDT", "limit", limit);
            assertThat(okx.call(depth, "GET /api/v5/market/books?instId={symbol}&sz={depth}"))
                    .as("limit %s", limit).isEqualTo(new OkxRequests().depth(depth, "GET /api/v5/market/books"));
        }
    }

    @Test
    void theSameCallsAsBinancesJavaBuilder() {
        DeclaredRequests binance = spelling("{base}{quote}");
        binance.setMaxDepth(5000);
        FmzRequest depth = request("depth", "symbol", "BTC_USDT", "limit", 7);
        assertThat(binance.call(depth, "GET /api/v3/depth?symbol={symbol}&limit={depth}"))
                .isEqualTo(new BinanceRequests().depth(depth, "GET /api/v3/depth"));
    }

    @Test
    void symbolSpellings() {
        FmzRequest btc = request("ticker", "symbol", "BTC_USDT");
        assertThat(spelling("{base}-{quote}").spell(btc.symbol())).isEqualTo("BTC-USDT");
        assertThat(spelling("{base}{quote}").spell(btc.symbol())).isEqualTo("BTCUSDT");
        assertThat(spelling("t{base}{quote}").spell(btc.symbol())).isEqualTo("tBTCUSDT");
        DeclaredRequests upbitLike = spelling("{quote}-{base}");
        upbitLike.setSymbolCase("lower");
        assertThat(upbitLike.spell(btc.symbol())).isEqualTo("usdt-btc");
        assertThat(new DeclaredRequests().spell(btc.symbol())).as("FMZ's own by default").isEqualTo("BTC_USDT");

        assertThatThrownBy(() -> spelling("{base}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> upbitLike.setSymbolCase("title")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> upbitLike.spell(request("ticker", "symbol", "BTC_USDT.swap").symbol()))
                .isInstanceOf(FmzError.class).hasMessageContaining("contract symbols like BTC_USDT.swap");
    }

    @Test
    void limitsAreCappedAndAnAbsentOneIsLeftOut() {
        DeclaredRequests requests = spelling("{base}{quote}");
        requests.setMaxLimit(500);
        String endpoint = "GET /trades?symbol={symbol}&limit={limit}";
        assertThat(requests.call(request("trades", "symbol", "BTC_USDT"), endpoint).query()).isEqualTo("symbol=BTCUSDT");
        assertThat(requests.call(request("trades", "symbol", "BTC_USDT", "limit", 0), endpoint).query()).isEqualTo("symbol=BTCUSDT");
        assertThat(requests.call(request("trades", "symbol", "BTC_USDT", "limit", "9000"), endpoint).query())
                .isEqualTo("symbol=BTCUSDT&limit=500");
        assertThat(requests.call(request("depth", "symbol", "BTC_USDT"), "GET /book?size={depth}").query())
                .as("FMZ's default depth").isEqualTo("size=20");
        assertThatThrownBy(() -> requests.setMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathPlaceholdersLiteralsAndFmzParameters() {
        RestCall call = spelling("{base}-{quote}").call(request("order", "symbol", "BTC_USDT", "id", "a/b 1", "since", 1700000000000L),
                "GET /v1/orders/{id}?market={symbol}&state=done&from={since}&to={until}");
        assertThat(call.verb()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/v1/orders/a%2Fb%201");
        assertThat(call.query()).isEqualTo("market=BTC-USDT&state=done&from=1700000000000");
        assertThat(call.body()).isEmpty();
        assertThatThrownBy(() -> spelling("{base}-{quote}").call(request("order"), "GET /v1/orders/{id}"))
                .isInstanceOf(FmzError.class).hasMessage("missing parameter 'id'");
    }

    @Test
    void aJsonBodyKeepsExactTextAndLeavesOutWhatFmzDidNotSend() {
        RestCall call = spelling("{base}{quote}").call(request("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.00000001", "price", 41006.1),
                "POST /v1/order {\"market\": \"{symbol}\", \"qty\": \"{amount}\", \"px\": \"{price}\", \"tif\": \"GTC\","
                        + " \"postOnly\": false, \"client\": \"{clientId}\"}");
        assertThat(call.verb()).isEqualTo("POST");
        assertThat(call.query()).isEmpty();
        assertThat(call.body()).isEqualTo("{\"market\":\"BTCUSDT\",\"qty\":\"0.00000001\",\"px\":\"41006.1\",\"tif\":\"GTC\",\"postOnly\":false}");
        assertThat(call.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void aMalformedEndpointSaysWhatIsWrong() {
        DeclaredRequests requests = new DeclaredRequests();
        FmzRequest ticker = request("ticker", "symbol", "BTC_USDT");
        assertThatThrownBy(() -> requests.call(ticker, "FETCH /x")).isInstanceOf(FmzError.class)
                .hasMessageContaining("'FETCH /x' must read 'VERB /path?name={param}'");
        assertThatThrownBy(() -> requests.call(ticker, "GET x")).isInstanceOf(FmzError.class);
        assertThatThrownBy(() -> requests.call(ticker, "GET /x?symbol")).isInstanceOf(FmzError.class)
                .hasMessageContaining("'symbol' that is not name=value");
        assertThatThrownBy(() -> requests.call(ticker, "GET /x?s=t{symbol}")).isInstanceOf(FmzError.class)
                .hasMessageContaining("neither one {placeholder} nor plain text");
        assertThatThrownBy(() -> requests.call(ticker, "POST /x [1]")).isInstanceOf(FmzError.class)
                .hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> requests.call(ticker, null)).isInstanceOf(FmzError.class)
                .hasMessage("the route sets no 'endpoint' before its request step");
    }

    @Test
    void aTradeInTheExchangesWordsWithAFormBodyAndAClientOrderIdLeftForPlacement() {
        DeclaredRequests kraken = spelling("{base}{quote}");
        kraken.setSides("buy=BUY, sell=SELL");
        kraken.setOrderTypes("limit=LMT, market=MKT");
        kraken.setClientOrderIdFormat("number");
        Map<String, Object> properties = new java.util.HashMap<>();
        RestCall call = kraken.call(request("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.5", "price", -1),
                "POST /0/private/AddOrder form:pair={symbol}&type={side}&ordertype={orderType}&volume={amount}&price={price}&cl={clientOrderId}",
                properties);
        Object clientOrderId = properties.get("clientOrderId");
        assertThat(clientOrderId).asString().matches("\\d{1,10}");
        assertThat(call.body()).isEqualTo("pair=BTCUSDT&type=SELL&ordertype=MKT&volume=0.5&cl=" + clientOrderId);
        assertThat(call.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void theSameFmzRequestGetsTheSameHexClientOrderIdOfTheDeclaredLength() {
        DeclaredRequests requests = spelling("{base}{quote}");
        requests.setClientOrderIdLength(20);
        FmzRequest trade = new FmzRequest("acme", "trade", FmzJson.MAPPER.valueToTree(Map.of("symbol", "BTC_USDT",
                "type", "buy", "amount", "1", "price", "2")), "key", "", null, "1700000000001");
        Map<String, Object> first = new java.util.HashMap<>();
        Map<String, Object> again = new java.util.HashMap<>();
        requests.call(trade, "POST /o {\"c\": \"{clientOrderId}\"}", first);
        requests.call(trade, "POST /o {\"c\": \"{clientOrderId}\"}", again);
        assertThat(first.get("clientOrderId")).asString().matches("fmz[0-9a-f]{17}").isEqualTo(again.get("clientOrderId"));
    }

    @Test
    void anOrderIdCarriesItsMarketAndALookupGoesByClientOrderIdAlone() {
        DeclaredRequests requests = spelling("{base}-{quote}");
        String endpoint = "GET /order?market={symbol}&id={orderId}&client={clientOrderId}";
        assertThat(requests.call(request("order", "id", "ETH_BTC,42"), endpoint).query()).isEqualTo("market=ETH-BTC&id=42");
        assertThat(requests.call(request("order", "id", "42", "symbol", "ETH_BTC"), endpoint).query()).isEqualTo("market=ETH-BTC&id=42");
        assertThat(requests.call(request("order", "symbol", "ETH_BTC", "clientOrderId", "fmz1"), endpoint).query())
                .isEqualTo("market=ETH-BTC&client=fmz1");
        assertThatThrownBy(() -> requests.call(request("order", "symbol", "ETH_BTC"), endpoint))
                .isInstanceOf(FmzError.class).hasMessage("missing parameter 'id'");
    }

    @Test
    void periodsAndPerEndpointCaps() {
        DeclaredRequests requests = spelling("{base}{quote}");
        requests.setPeriods("1=1m, 60=1h");
        String endpoint = "GET /k?s={symbol}&i={period}&n={limit:300}&from={since}";
        assertThat(requests.call(request("records", "symbol", "BTC_USDT", "limit", 1000, "since", 1700000000000L), endpoint).query())
                .as("FMZ's default period is an hour").isEqualTo("s=BTCUSDT&i=1h&n=300&from=1700000000000");
        assertThat(requests.call(request("records", "symbol", "BTC_USDT", "period", 1), endpoint).query()).isEqualTo("s=BTCUSDT&i=1m");
        assertThatThrownBy(() -> requests.setPeriods("1m=1min")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("periods takes FMZ minutes (1, 5, 60, 1440) on the left, like {1: 1min, 60: 1h}; '1m' is not one");
        assertThatThrownBy(() -> requests.setSides("buy=BUY")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sides must give a word for each of buy and sell, like {buy: BUY, sell: SELL}; it has none for sell");
        assertThat(requests.problemWith(endpoint)).isNull();
        assertThat(new DeclaredRequests().problemWith(endpoint)).contains("uses {period}, but periods is not declared");
    }

    /** A table as a YAML map: Camel puts each entry through the getter, checked as it comes. */
    @Test
    void tablesTakeAYamlMapEntryByEntry() {
        DeclaredRequests requests = spelling("{base}{quote}");
        requests.getPeriods().put("60", "1h");
        requests.getPeriods().put("1", "1m");
        requests.getSides().put("buy", "BUY");
        requests.getSides().put("sell", "SELL");
        String records = "GET /k?s={symbol}&i={period}";
        assertThat(requests.call(request("records", "symbol", "BTC_USDT", "period", 1), records).query()).isEqualTo("s=BTCUSDT&i=1m");
        assertThatThrownBy(() -> requests.call(request("records", "symbol", "BTC_USDT", "period", 5), records))
                .hasMessage("period 5 has no bar here; periods in minutes: 1, 60");
        RestCall order = requests.call(request("trade", "symbol", "BTC_USDT", "type", "sell", "price", "1", "amount", "2"),
                "POST /o {\"side\": \"{side}\", \"type\": \"{orderType}\"}");
        assertThat(order.body()).as("orderTypes not declared: FMZ's words").isEqualTo("{\"side\":\"SELL\",\"type\":\"limit\"}");
        assertThat(requests.tableProblems()).isEmpty();

        assertThatThrownBy(() -> requests.getPeriods().put("hour", "1h"))
                .hasMessage("periods takes FMZ minutes (1, 5, 60, 1440) on the left, like {1: 1min, 60: 1h}; 'hour' is not one");
        assertThatThrownBy(() -> requests.getOrderTypes().put("stop", "STOP"))
                .hasMessage("orderTypes takes limit and market on the left, like {limit: LIMIT, market: MARKET}; 'stop' is not one");
        requests.getOrderTypes().put("limit", "LMT");
        assertThat(requests.tableProblems()).as("a map is whole only when the route check reads it")
                .containsExactly("orderTypes must give a word for each of limit and market, like {limit: LIMIT, market: MARKET}; it has none for market");
        requests.setOrderTypes("limit=LMT, market=MKT");
        assertThat(requests.tableProblems()).as("the one-line form replaces the table").isEmpty();
    }

    @Test
    void aMarketBuyTheRouteSizedInBaseCurrencySendsTheBaseAmount() {
        DeclaredRequests requests = spelling("{base}{quote}");
        String endpoint = "POST /order {\"qty\": \"{amount}\", \"type\": \"{orderType}\"}";
        FmzRequest buy = request("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "100", "price", -1);
        Map<String, Object> properties = new java.util.HashMap<>();
        assertThat(requests.call(buy, endpoint, properties).body()).as("unsized: FMZ's quote to spend")
                .isEqualTo("{\"qty\":\"100\",\"type\":\"market\"}");
        properties.put("marketBuy", new io.fmzbridge.fmz.MarketBuy(new java.math.BigDecimal("100"),
                new java.math.BigDecimal("30000"), new java.math.BigDecimal("0.0033"), new java.math.BigDecimal("0.0001")));
        assertThat(requests.call(buy, endpoint, properties).body()).isEqualTo("{\"qty\":\"0.0033\",\"type\":\"market\"}");
    }

    /** OKX spot as the YAML-only file declares it (src/test/resources/yaml-only/okx.camel.yaml). */
    static DeclaredRequests okxDeclared() {
        DeclaredRequests okx = spelling("{base}-{quote}");
        okx.setPeriods("1=1m, 3=3m, 5=5m, 15=15m, 30=30m, 60=1H, 120=2H, 240=4H, 360=6Hutc, 720=12Hutc, 1440=1Dutc, 10080=1Wutc");
        okx.setUnknownPeriod("period {period} has no OKX bar; periods in minutes: [{periods}]");
        okx.setMarketAmountIn("base=base_ccy, quote=quote_ccy");
        okx.setOrderIdMarket("exchange");
        okx.setOrderIdExample("BTC-USDT,312269865356374016");
        return okx;
    }

    static FmzRequest signed(String method, Object... params) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            values.put((String) params[i], params[i + 1]);
        }
        return new FmzRequest("okx", method, FmzJson.MAPPER.valueToTree(values), "key", "", null, "1700000000000000001");
    }

    @Test
    void theSameOrderCallsAsOkxsJavaBuilder() {
        DeclaredRequests okx = okxDeclared();
        OkxRequests java = new OkxRequests();
        String place = "POST /api/v5/trade/order {\"instId\": \"{symbol}\", \"clOrdId\": \"{clientOrderId}\", \"tdMode\": \"cash\","
                + " \"side\": \"{side}\", \"ordType\": \"{orderType}\", \"sz\": \"{amount}\", \"tgtCcy\": \"{marketAmountIn}\", \"px\": \"{price}\"}";
        for (FmzRequest trade : new FmzRequest[] {
                signed("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "0.001", "price", "30000.5"),
                signed("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "100", "price", -1),
                signed("trade", "symbol", "ETH_USDT", "type", "sell", "amount", "1E-8", "price", "-1")}) {
            Map<String, Object> declared = new java.util.HashMap<>();
            Map<String, Object> written = new java.util.HashMap<>();
            assertThat(okx.call(trade, place, declared)).as("%s", trade.params())
                    .isEqualTo(java.trade(trade, "POST /api/v5/trade/order", written));
            assertThat(declared).isEqualTo(written);
        }
        String order = "GET /api/v5/trade/order?instId={symbol}&ordId={orderId}&clOrdId={clientOrderId}";
        for (FmzRequest query : new FmzRequest[] {signed("order", "id", "BTC-USDT,312269865356374016"),
                signed("order", "id", "312269865356374016", "symbol", "ETH_USDT"),
                signed("order", "symbol", "BTC_USDT", "clientOrderId", "fmz0123")}) {
            assertThat(okx.call(query, order)).as("%s", query.params()).isEqualTo(java.order(query, "GET /api/v5/trade/order"));
        }
        FmzRequest cancel = signed("cancel", "id", "ETH-USDT,42");
        assertThat(okx.call(cancel, "POST /api/v5/trade/cancel-order {\"instId\": \"{symbol}\", \"ordId\": \"{orderId}\"}"))
                .isEqualTo(java.cancel(cancel, "POST /api/v5/trade/cancel-order"));
        FmzRequest history = signed("historyorders", "symbol", "BTC_USDT", "since", "1700000000000", "limit", 500);
        assertThat(okx.call(history, "GET /api/v5/trade/orders-history?instType=SPOT&instId={symbol}&begin={since}&limit={limit:100}"))
                .isEqualTo(java.historyOrders(history, "GET /api/v5/trade/orders-history"));
    }

    @Test
    void anOrderIdInTheExchangesSpellingIsReadAsThePackagedExchangesRead() {
        DeclaredRequests okx = okxDeclared();
        String order = "GET /o?instId={symbol}&ordId={orderId}";
        assertThat(okx.call(request("order", "id", "ETH-BTC,42"), order).query()).isEqualTo("instId=ETH-BTC&ordId=42");
        assertThat(okx.call(request("order", "id", "42", "symbol", "eth_btc"), order).query()).isEqualTo("instId=ETH-BTC&ordId=42");
        for (String malformed : new String[] {"not an id!", "BTC_USDT,42", "BTC-USDT,", "BTC-USDT-SWAP,42"}) {
            assertThatThrownBy(() -> okx.call(request("order", "id", malformed, "symbol", "BTC_USDT"), order)).as(malformed)
                    .isInstanceOf(FmzError.class).hasMessage("order id must look like BTC-USDT,312269865356374016");
        }
        assertThatThrownBy(() -> okx.call(request("order", "id", "42"), order)).isInstanceOf(FmzError.class)
                .hasMessage("missing parameter 'symbol' (expected BASE_QUOTE like BTC_USDT)");

        DeclaredRequests derived = spelling("{quote}/{base}");
        derived.setOrderIdMarket("exchange");
        assertThatThrownBy(() -> derived.call(request("order", "id", "x y"), order))
                .isInstanceOf(FmzError.class).hasMessage("order id must look like USDT/BTC,1234567890");
        assertThatThrownBy(() -> derived.setSymbol("{base}{quote}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orderIdMarket exchange needs a symbol with text between {base} and {quote}");
        assertThatThrownBy(() -> derived.setOrderIdMarket("okx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("orderIdMarket must be fmz or exchange, not 'okx'");
    }

    @Test
    void anUnknownPeriodInTheExchangesWords() {
        DeclaredRequests okx = okxDeclared();
        String candles = "GET /api/v5/market/candles?instId={symbol}&bar={period}";
        assertThatThrownBy(() -> okx.call(request("records", "symbol", "BTC_USDT", "period", 7), candles))
                .isInstanceOf(FmzError.class)
                .hasMessage("period 7 has no OKX bar; periods in minutes: [1, 3, 5, 15, 30, 60, 120, 240, 360, 720, 1440, 10080]");
        assertThatThrownBy(() -> spelling("{base}{quote}").setUnknownPeriod("no such bar"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name the {period}");
        DeclaredRequests plain = spelling("{base}{quote}");
        plain.setPeriods("1=1m, 60=1h");
        assertThatThrownBy(() -> plain.call(request("records", "symbol", "BTC_USDT", "period", 7), candles))
                .isInstanceOf(FmzError.class).hasMessage("period 7 has no bar here; periods in minutes: 1, 60");
    }

    @Test
    void theCurrencyOfAMarketOrdersAmountIsSentOnlyWhereDeclaredAndOnlyForMarketOrders() {
        String place = "POST /o {\"sz\": \"{amount}\", \"in\": \"{marketAmountIn}\", \"px\": \"{price}\"}";
        DeclaredRequests okx = okxDeclared();
        assertThat(okx.call(request("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "100", "price", -1), place).body())
                .isEqualTo("{\"sz\":\"100\",\"in\":\"quote_ccy\"}");
        assertThat(okx.call(request("trade", "symbol", "BTC_USDT", "type", "sell", "amount", "0.5", "price", -1), place).body())
                .isEqualTo("{\"sz\":\"0.5\",\"in\":\"base_ccy\"}");
        assertThat(okx.call(request("trade", "symbol", "BTC_USDT", "type", "buy", "amount", "1", "price", "2"), place).body())
                .isEqualTo("{\"sz\":\"1\",\"px\":\"2\"}");
        assertThat(new DeclaredRequests().problemWith(place)).contains("uses {marketAmountIn}, but marketAmountIn is not declared");
        assertThatThrownBy(() -> okx.setMarketAmountIn("base=base_ccy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("marketAmountIn must give a word for each of base and quote");
    }
}
