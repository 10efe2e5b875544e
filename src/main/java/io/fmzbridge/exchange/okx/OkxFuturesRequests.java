package io.fmzbridge.exchange.okx;

import io.fmzbridge.call.CallAllowance;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.MarketRules;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.exchange.okx.OkxContracts.Book;
import io.fmzbridge.exchange.okx.OkxContracts.Contract;
import io.fmzbridge.fmz.ContractOrderRequest;
import io.fmzbridge.fmz.ContractRange;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.futures.FuturesCalls;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

/**
 * FMZ parameters → OKX v5 requests for contracts ({@code SWAP}, {@code FUTURES}). Symbols become
 * instrument IDs through OKX's own lists ({@link OkxContracts}); sizes are contracts, as OKX counts
 * them. The margin mode of orders and leverage is a setting ({@code fmz.exchange.okx.margin-mode},
 * cross by default). Orders follow the account's position mode: in net mode a close is a
 * {@code reduceOnly} order, in long/short mode {@code posSide} names the position opened or closed.
 * Where OKX counts an endpoint's calls per instrument ID (or, for its instrument lists, per instrument
 * type), the builder names the ID or type it sends as the instrument the limit counts the call against.
 */
public final class OkxFuturesRequests {

    static final String ENDPOINT = "endpoint";
    private static final String REQUEST = "fmz";
    private static final Pattern ORD_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern INST_ID = Pattern.compile("[A-Z0-9]{1,20}-[A-Z0-9]{1,20}-(SWAP|\\d{6})");
    private static final String EXAMPLE = "BTC-USDT-SWAP,312269865356374016";

    private final String marginMode;

    public OkxFuturesRequests(String marginMode) {
        String mode = marginMode == null ? "" : marginMode.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("cross") && !mode.equals("isolated")) {
            throw new IllegalArgumentException("fmz.exchange.okx.margin-mode must be cross or isolated, not " + marginMode);
        }
        this.marginMode = mode;
    }

    // --- market data ---

    /** Every endpoint that takes only the contract's instrument ID (ticker, open interest's instId). */
    public RestCall instrument(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                               @Variable(OkxContracts.VARIABLE) Book book) {
        return RestCall.of(endpoint).param("instId", contract(request, book).instId());
    }

    /** The instrument ID (or type) a per-instrument limit counts the call against. */
    private static String countedAgainst(Map<String, Object> properties, String instrument) {
        properties.put(CallAllowance.RATE_SYMBOL_PROPERTY, instrument);
        return instrument;
    }

    /** {@code GET /api/v5/public/open-interest}: instType is required beside the instrument. */
    public RestCall openInterest(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                                 @Variable(OkxContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        Contract contract = contract(request, book);
        return RestCall.of(endpoint).param("instType", contract.instType())
                .param("instId", countedAgainst(properties, contract.instId()));
    }

    public RestCall depth(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(OkxContracts.VARIABLE) Book book) {
        return RestCall.of(endpoint).param("instId", contract(request, book).instId())
                .param("sz", Math.min(request.whole("limit", OkxRequests.DEFAULT_DEPTH), OkxRequests.MAX_DEPTH));
    }

    public RestCall trades(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                           @Variable(OkxContracts.VARIABLE) Book book) {
        return RestCall.of(endpoint).param("instId", contract(request, book).instId())
                .param("limit", request.limitUpTo(OkxRequests.MAX_TRADES));
    }

    public RestCall records(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                            @Variable(OkxContracts.VARIABLE) Book book) {
        return RestCall.of(endpoint).param("instId", contract(request, book).instId())
                .param("bar", OkxRequests.bar(request)).param("limit", request.limitUpTo(OkxRequests.MAX_CANDLES));
    }

    public RestCall swaps(@ExchangeProperty(ENDPOINT) String endpoint, @ExchangeProperties Map<String, Object> properties) {
        return RestCall.of(endpoint).param("instType", countedAgainst(properties, "SWAP"));
    }

    public RestCall deliveries(@ExchangeProperty(ENDPOINT) String endpoint, @ExchangeProperties Map<String, Object> properties) {
        return RestCall.of(endpoint).param("instType", countedAgainst(properties, "FUTURES"));
    }

    /**
     * {@code GET /api/v5/public/funding-rate}, for perpetuals only: one contract's, or with
     * {@code ANY} every perpetual's (a range is picked from them by the mapper).
     */
    public RestCall funding(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                            @Variable(OkxContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        String symbol = request.param("symbol");
        if (symbol == null || ContractRange.isRange(symbol)) {
            return RestCall.of(endpoint).param("instId", countedAgainst(properties, "ANY"));
        }
        Contract contract = contract(request, book);
        if (!contract.perpetual()) {
            throw new FmzError(contract.symbol() + " is a delivery contract: OKX charges funding on perpetual swaps only");
        }
        return RestCall.of(endpoint).param("instId", countedAgainst(properties, contract.instId()));
    }

    // --- account and positions ---

    /** {@code GET /api/v5/account/positions}: one contract, one range's kind, or every position. */
    public RestCall positions(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                              @Variable(OkxContracts.VARIABLE) Book book) {
        String symbol = request.param("symbol");
        if (symbol == null) {
            return RestCall.of(endpoint);
        }
        if (ContractRange.isRange(symbol)) {
            return RestCall.of(endpoint).param("instType", ContractRange.parse(symbol).perpetual() ? "SWAP" : "FUTURES");
        }
        Contract contract = contract(request, book);
        return RestCall.of(endpoint).param("instType", contract.instType()).param("instId", contract.instId());
    }

    /** How many {@code set-leverage} calls SetMarginLevel takes: one, or one per side when isolated in long/short mode. */
    public int leverageCalls(@Variable(OkxPositionModes.VARIABLE) Boolean longShort) {
        return marginMode.equals("isolated") && Boolean.TRUE.equals(longShort) ? 2 : 1;
    }

    /**
     * {@code POST /api/v5/account/set-leverage}: the contract's leverage in the configured margin
     * mode, checked against OKX's maximum for it; {@code posSide} only where OKX requires it
     * (isolated margin in long/short mode), long on the first call and short on the second.
     */
    public RestCall leverage(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                             @Variable(OkxContracts.VARIABLE) Book book,
                             @Variable(OkxPositionModes.VARIABLE) Boolean longShort,
                             @ExchangeProperty(Exchange.LOOP_INDEX) Integer call) {
        Contract contract = contract(request, book);
        BigDecimal level = marginLevel(request);
        if (contract.lever().signum() > 0 && level.compareTo(contract.lever()) > 0) {
            throw new FmzError("margin level " + level.toPlainString() + " is above " + contract.symbol()
                    + "'s maximum leverage " + contract.lever().stripTrailingZeros().toPlainString());
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("instId", contract.instId());
        body.put("lever", level.toPlainString());
        body.put("mgnMode", marginMode);
        if (leverageCalls(longShort) == 2) {
            body.put("posSide", call == null || call == 0 ? "long" : "short");
        }
        return RestCall.of(endpoint).body(FmzJson.write(body));
    }

    // --- orders ---

    /** OKX client order ids: up to 32 letters and digits. */
    static final int CLIENT_ORDER_ID_LENGTH = 32;

    /**
     * {@code POST /api/v5/trade/order} for a contract: size in contracts, the configured margin
     * mode, and the side as the account's position mode wants it. The contract's rules are left in
     * {@link MarketRules#CONTRACT_MARKET} for the check before signing.
     */
    public RestCall trade(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(OkxContracts.VARIABLE) Book book,
                          @Variable(OkxPositionModes.VARIABLE) Boolean longShort,
                          @ExchangeProperties Map<String, Object> properties) {
        ContractOrderRequest order = ContractOrderRequest.of(request, null);
        Contract contract = book.contract(order.symbol());
        properties.put(MarketRules.CONTRACT_MARKET, contract.market());
        String clientOrderId = ClientOrderIds.hex(request, CLIENT_ORDER_ID_LENGTH);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instId", countedAgainst(properties, contract.instId()));
        body.put("clOrdId", clientOrderId);
        body.put("tdMode", marginMode);
        body.put("side", order.side().buys() ? "buy" : "sell");
        if (Boolean.TRUE.equals(longShort)) {
            body.put("posSide", order.side().longPosition() ? "long" : "short");
        } else if (order.side().closes()) {
            // net mode: a close only reduces, so without a position OKX refuses it instead of opening the other side
            body.put("reduceOnly", true);
        }
        body.put("ordType", order.isMarket() ? "market" : "limit");
        body.put("sz", order.amount().toPlainString());
        if (!order.isMarket()) {
            body.put("px", order.price().toPlainString());
        }
        return RestCall.of(endpoint).body(FmzJson.write(body));
    }

    /**
     * On OKX's spot address: whether an order call without a contract symbol names a contract's
     * order by its id ({@code BTC-USDT-SWAP,312269865356374016}).
     */
    public boolean namesContractOrder(@ExchangeProperty(REQUEST) FmzRequest request) {
        String id = request.params().path("id").asText("");
        int comma = id.indexOf(',');
        return comma > 0 && INST_ID.matcher(id.substring(0, comma).trim()).matches();
    }

    /** By the bridge's order id, or by client order id when the bridge looks up a placement. */
    public RestCall order(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                          @Variable(OkxContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId != null) {
            return RestCall.of(endpoint).param("instId", countedAgainst(properties, contract(request, book).instId()))
                    .param("clOrdId", clientOrderId);
        }
        FmzOrderId id = orderId(request, book);
        return RestCall.of(endpoint).param("instId", countedAgainst(properties, id.market())).param("ordId", id.orderId());
    }

    public RestCall cancel(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                           @Variable(OkxContracts.VARIABLE) Book book, @ExchangeProperties Map<String, Object> properties) {
        FmzOrderId id = orderId(request, book);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("instId", countedAgainst(properties, id.market()));
        body.put("ordId", id.orderId());
        return RestCall.of(endpoint).body(FmzJson.write(body));
    }

    /** Open orders of one contract, of a range's kind, or of every contract (the mapper keeps contracts only). */
    public RestCall openOrders(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                               @Variable(OkxContracts.VARIABLE) Book book) {
        return byInstrument(RestCall.of(endpoint), request, book);
    }

    /**
     * Finished orders (OKX keeps 7 days here): OKX requires the instrument type, so without a symbol
     * the contract type set for the service address picks it ({@code swap}: SWAP, else FUTURES).
     */
    public RestCall historyOrders(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                                  @Variable(OkxContracts.VARIABLE) Book book,
                                  @ExchangeProperty(FuturesCalls.CONTRACT_TYPE_PROPERTY) String contractType) {
        long since = request.whole("since", 0);
        RestCall call = request.param("symbol") == null
                ? RestCall.of(endpoint).param("instType", "swap".equals(contractType) || contractType == null ? "SWAP" : "FUTURES")
                : byInstrument(RestCall.of(endpoint), request, book);
        return call.param("begin", since > 0 ? since : null).param("limit", request.limitUpTo(OkxRequests.MAX_HISTORY));
    }

    private static RestCall byInstrument(RestCall call, FmzRequest request, Book book) {
        String symbol = request.param("symbol");
        if (symbol == null) {
            return call;
        }
        if (ContractRange.isRange(symbol)) {
            return call.param("instType", ContractRange.parse(symbol).perpetual() ? "SWAP" : "FUTURES");
        }
        Contract contract = contract(request, book);
        return call.param("instType", contract.instType()).param("instId", contract.instId());
    }

    private static Contract contract(FmzRequest request, Book book) {
        FmzSymbol symbol = request.symbol();
        if (symbol.isSpot()) {
            throw new FmzError("a contract symbol is needed here, like " + symbol + ".swap");
        }
        return book.contract(symbol);
    }

    /** {@code BTC-USDT-SWAP,312269865356374016}; a bare id takes the instrument from {@code symbol}. */
    private static FmzOrderId orderId(FmzRequest request, Book book) {
        return FmzOrderId.withMarket(request, request.requireParam("id").trim(), ORD_ID.asMatchPredicate(),
                INST_ID.asMatchPredicate(), symbol -> book.contract(symbol).instId(), EXAMPLE);
    }

    /** FMZ's {@code marginLevel}: a positive number (OKX takes leverage from 0.01 up). */
    private static BigDecimal marginLevel(FmzRequest request) {
        BigDecimal level = request.decimal("marginLevel");
        if (level.signum() <= 0) {
            throw new FmzError("marginLevel must be positive, got " + level.toPlainString());
        }
        return level.stripTrailingZeros();
    }
}
