package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.ApiPassThrough;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.MarketRules;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.binance.BinanceContracts.Api;
import io.fmzbridge.exchange.binance.BinanceContracts.Book;
import io.fmzbridge.exchange.binance.BinanceContracts.Contract;
import io.fmzbridge.fmz.ContractOrderRequest;
import io.fmzbridge.fmz.ContractRange;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

/**
 * FMZ parameters → Binance futures requests: USDⓈ-M ({@code /fapi}, quantity in base asset) and
 * COIN-M ({@code /dapi}, quantity in contracts), each on its own host. The route names the USDⓈ-M
 * endpoint; a COIN-M contract's call goes to its twin ({@link Api#endpoint}) on the COIN-M host.
 * Every parameter goes in the query string, signed as on spot. Orders follow the account's position
 * mode on that API: in one-way mode a close is a {@code reduceOnly} order, in hedge mode
 * {@code positionSide} names the position opened or closed.
 */
public final class BinanceFuturesRequests {

    static final String ENDPOINT = "endpoint";
    private static final String REQUEST = "fmz";
    private static final Pattern ORDER_ID = Pattern.compile("\\d{1,19}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,30}(_[A-Z0-9]{1,10})?");
    private static final String EXAMPLE = "BTCUSDT,22542179";
    /** Order book sizes the futures APIs take (Order Book: "Valid limits: 5, 10, 20, 50, 100, 500, 1000"). */
    private static final List<Integer> DEPTHS = List.of(5, 10, 20, 50, 100, 500, 1000);
    static final int DEFAULT_DEPTH = 20;
    static final int MAX_TRADES = 1000;
    static final int MAX_KLINES = 1500;
    static final int MAX_ORDERS = 1000;
    /** Public market-data endpoints of both APIs (security type NONE): sent without timestamp and signature. */
    private static final Pattern PUBLIC_PATH = Pattern.compile("/(fapi|dapi)/v\\d/(ping|time|exchangeInfo|depth|trades"
            + "|historicalTrades|aggTrades|klines|continuousKlines|indexPriceKlines|markPriceKlines|premiumIndexKlines"
            + "|premiumIndex|fundingRate|fundingInfo|ticker/[A-Za-z0-9]+|openInterest|constituents)");

    private final String usdmBaseUrl;
    private final String coinmBaseUrl;

    public BinanceFuturesRequests(String usdmBaseUrl, String coinmBaseUrl) {
        this.usdmBaseUrl = usdmBaseUrl;
        this.coinmBaseUrl = coinmBaseUrl;
    }

    // --- which API ---

    /** The API of the contract the call names, left for the position mode and the builders. */
    public void contractApi(@ExchangeProperty(REQUEST) FmzRequest request, @Variable(BinanceContracts.VARIABLE) Book book,
                            @ExchangeProperties Map<String, Object> properties) {
        properties.put(BinancePositionModes.API_PROPERTY, contract(request, book).api());
    }

    /**
     * The APIs a listing call asks, one per loop turn: the contract's, a range's (USD-margined:
     * COIN-M, the rest USDⓈ-M), or both when the call names neither.
     */
    public int apiCount(@ExchangeProperty(REQUEST) FmzRequest request, @Variable(BinanceContracts.VARIABLE) Book book) {
        return apis(request, book).size();
    }

    // --- market data ---

    /** Every endpoint that takes only the contract's symbol (24 h ticker, book ticker, open interest, leverage). */
    public RestCall bySymbol(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                             @Variable(BinanceContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        Contract contract = contract(request, book);
        return call(endpoint, contract.api(), properties).param("symbol", contract.symbol());
    }

    /** Binance takes 5, 10, 20, 50, 100, 500 or 1000 levels: the least that covers FMZ's limit (the mapper cuts to it). */
    public RestCall depth(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(BinanceContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        long wanted = request.whole("limit", DEFAULT_DEPTH);
        int limit = DEPTHS.stream().filter(d -> d >= wanted).findFirst().orElse(DEPTHS.get(DEPTHS.size() - 1));
        return bySymbol(request, endpoint, book, properties).param("limit", limit);
    }

    public RestCall trades(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                           @Variable(BinanceContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        return bySymbol(request, endpoint, book, properties).param("limit", request.limitUpTo(MAX_TRADES));
    }

    public RestCall records(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                            @Variable(BinanceContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        return bySymbol(request, endpoint, book, properties).param("interval", BinanceRequests.interval(request))
                .param("limit", request.limitUpTo(MAX_KLINES));
    }

    /** exchangeInfo of USDⓈ-M; {@link #coinmExchangeInfo} COIN-M's. */
    public RestCall usdmExchangeInfo(@ExchangeProperty(ENDPOINT) String endpoint, @ExchangeProperties Map<String, Object> properties) {
        return call(endpoint, Api.USDM, properties);
    }

    public RestCall coinmExchangeInfo(@ExchangeProperty(ENDPOINT) String endpoint, @ExchangeProperties Map<String, Object> properties) {
        return call(endpoint, Api.COINM, properties);
    }

    /**
     * The loop turn's listing of one API: its endpoint with the contract's symbol when the call names
     * a contract, else with nothing (COIN-M's position risk takes no symbol: the mapper picks it).
     */
    public RestCall listing(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                            @Variable(BinanceContracts.VARIABLE) Book book,
                            @ExchangeProperty(Exchange.LOOP_INDEX) Integer turn, @ExchangeProperties Map<String, Object> properties) {
        Api api = apis(request, book).get(turn == null ? 0 : turn);
        properties.put(BinancePositionModes.API_PROPERTY, api);
        RestCall call = call(endpoint, api, properties);
        Contract contract = namedContract(request, book);
        boolean takesSymbol = !(api == Api.COINM && endpoint.contains("/positionRisk"));
        return contract != null && takesSymbol ? call.param("symbol", contract.symbol()) : call;
    }

    /** The loop turn's API again, for a second call in the same turn (fundingInfo beside premiumIndex). */
    public RestCall sameApi(@ExchangeProperty(ENDPOINT) String endpoint,
                            @ExchangeProperty(BinancePositionModes.API_PROPERTY) Api api,
                            @ExchangeProperties Map<String, Object> properties) {
        return call(endpoint, api, properties);
    }

    // --- account ---

    /** The futures wallets GetAccount sums: both APIs', whatever symbol the call names. */
    public int walletCount() {
        return Api.values().length;
    }

    /** The loop turn's wallet: USDⓈ-M's, then COIN-M's. */
    public RestCall wallet(@ExchangeProperty(ENDPOINT) String endpoint, @ExchangeProperty(Exchange.LOOP_INDEX) Integer turn,
                           @ExchangeProperties Map<String, Object> properties) {
        Api api = Api.values()[turn == null ? 0 : turn];
        properties.put(BinancePositionModes.API_PROPERTY, api);
        return call(endpoint, api, properties);
    }

    /** The position mode of the API of the contract in hand. */
    public RestCall positionMode(@ExchangeProperty(ENDPOINT) String endpoint,
                                 @ExchangeProperty(BinancePositionModes.API_PROPERTY) Api api,
                                 @ExchangeProperties Map<String, Object> properties) {
        return call(endpoint, api, properties);
    }

    /** Change Initial Leverage: a whole number from 1 (Binance: "target initial leverage: int from 1 to 125"). */
    public RestCall leverage(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                             @Variable(BinanceContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        BigDecimal level = request.decimal("marginLevel");
        if (level.signum() <= 0 || level.stripTrailingZeros().scale() > 0) {
            throw new FmzError("marginLevel must be a whole number of at least 1 on Binance, got " + level.toPlainString());
        }
        return bySymbol(request, endpoint, book, properties).param("leverage", level.toBigIntegerExact());
    }

    // --- orders ---

    /** Binance client order ids: up to 36 of {@code [.A-Z:/a-z0-9_-]}. */
    static final int CLIENT_ORDER_ID_LENGTH = 35;

    /**
     * New Order for a contract: quantity as FMZ gives it (base asset on USDⓈ-M, contracts on COIN-M),
     * the side as the account's position mode on that API wants it. The contract's rules are left in
     * {@link MarketRules#CONTRACT_MARKET} for the check before signing.
     */
    public RestCall trade(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(BinanceContracts.VARIABLE) Book book,
                          @Variable(BinancePositionModes.VARIABLE) Boolean hedge,
                          @ExchangeProperties Map<String, Object> properties) {
        ContractOrderRequest order = ContractOrderRequest.of(request, null);
        Contract contract = book.contract(order.symbol());
        properties.put(MarketRules.CONTRACT_MARKET, contract.market());
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        RestCall call = call(endpoint, contract.api(), properties).param("symbol", contract.symbol())
                .param("side", order.side().buys() ? "BUY" : "SELL");
        if (Boolean.TRUE.equals(hedge)) {
            call = call.param("positionSide", order.side().longPosition() ? "LONG" : "SHORT");
        }
        call = call.param("type", order.isMarket() ? "MARKET" : "LIMIT");
        if (!order.isMarket()) {
            call = call.param("timeInForce", "GTC");
        }
        call = call.param("quantity", order.amount().toPlainString());
        if (!order.isMarket()) {
            call = call.param("price", order.price().toPlainString());
        }
        if (!Boolean.TRUE.equals(hedge) && order.side().closes()) {
            // one-way mode: a close only reduces, so without a position Binance refuses it instead of opening the other side
            call = call.param("reduceOnly", "true");
        }
        return call.param("newClientOrderId", clientOrderId).param("newOrderRespType", "RESULT");
    }

    /**
     * On Binance's spot address: whether an order call without a contract symbol names a contract's
     * order by its id. Only a delivery or COIN-M symbol tells ({@code BTCUSD_PERP,22542179}): a
     * USDⓈ-M perpetual's id reads as a spot one, so such calls need the contract symbol.
     */
    public boolean namesContractOrder(@ExchangeProperty(REQUEST) FmzRequest request) {
        String id = request.params().path("id").asText("");
        int comma = id.indexOf(',');
        return comma > 0 && id.substring(0, comma).indexOf('_') > 0 && SYMBOL.matcher(id.substring(0, comma).trim()).matches();
    }

    /** Query or cancel by the bridge's order id, or by client order id when the bridge looks up a placement. */
    public RestCall order(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(BinanceContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            return bySymbol(request, endpoint, book, properties).param("origClientOrderId", clientOrderId);
        }
        FmzOrderId id = FmzOrderId.withMarket(request, request.requireParam("id").trim(), ORDER_ID.asMatchPredicate(),
                SYMBOL.asMatchPredicate(), symbol -> book.contract(symbol).symbol(), EXAMPLE);
        Contract contract = book.bySymbol(id.market());
        return call(endpoint, contract.api(), properties).param("symbol", contract.symbol()).param("orderId", id.orderId());
    }

    /** All Orders needs the contract (USDⓈ-M requires the symbol); {@code since} (ms) becomes startTime. */
    public RestCall historyOrders(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                                  @Variable(BinanceContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        String symbol = request.param("symbol");
        if (symbol == null || ContractRange.isRange(symbol)) {
            throw new FmzError("historyorders needs a contract on Binance (its allOrders endpoint requires one), e.g. BTC_USDT.swap");
        }
        long since = request.whole("since", 0);
        return bySymbol(request, endpoint, book, properties).param("startTime", since > 0 ? since : null)
                .param("limit", request.limitUpTo(MAX_ORDERS));
    }

    /**
     * exchange.IO on the futures address: a {@code /fapi} path goes to the USDⓈ-M host, a {@code /dapi}
     * one to the COIN-M host, any other to spot's; FMZ's params in the query as on spot.
     */
    public RestCall passThrough(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperties Map<String, Object> properties) {
        RestCall call = new BinanceRequests().inQuery(new ApiPassThrough().call(request), request);
        if (call.path().startsWith("/fapi/")) {
            properties.put(HttpRequestStep.BASE_URL_PROPERTY, usdmBaseUrl);
        } else if (call.path().startsWith("/dapi/")) {
            properties.put(HttpRequestStep.BASE_URL_PROPERTY, coinmBaseUrl);
        }
        return call;
    }

    /** Whether an exchange.IO call needs a signature: all but the public market-data endpoints. */
    public boolean isSigned(RestCall call) {
        return call.path().startsWith("/fapi/") || call.path().startsWith("/dapi/")
                ? !PUBLIC_PATH.matcher(call.path()).matches()
                : new BinanceRequests().isSigned(call);
    }

    private RestCall call(String usdmEndpoint, Api api, Map<String, Object> properties) {
        properties.put(HttpRequestStep.BASE_URL_PROPERTY, api == Api.USDM ? usdmBaseUrl : coinmBaseUrl);
        return RestCall.of(api.endpoint(usdmEndpoint));
    }

    private static List<Api> apis(FmzRequest request, Book book) {
        String symbol = request.param("symbol");
        if (symbol == null) {
            return List.of(Api.USDM, Api.COINM);
        }
        if (ContractRange.isRange(symbol)) {
            return List.of(ContractRange.parse(symbol).margin().equals("USD") ? Api.COINM : Api.USDM);
        }
        return List.of(contract(request, book).api());
    }

    /** The contract the call names, or null for a range or no symbol. */
    private static Contract namedContract(FmzRequest request, Book book) {
        String symbol = request.param("symbol");
        return symbol == null || ContractRange.isRange(symbol) ? null : contract(request, book);
    }

    static Contract contract(FmzRequest request, Book book) {
        FmzSymbol symbol = request.symbol();
        if (symbol.isSpot()) {
            throw new FmzError("a contract symbol is needed here, like " + symbol + ".swap");
        }
        return book.contract(symbol);
    }
}
