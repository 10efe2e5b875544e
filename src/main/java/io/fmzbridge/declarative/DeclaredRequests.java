package io.fmzbridge.declarative;

import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.call.MarketBuySizing;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.MarketBuy;
import io.fmzbridge.fmz.OrderRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → an exchange's REST call, declared in the route file instead of written in Java.
 * The route names the endpoint with its parameters ({@link EndpointTemplate}); this bean knows how
 * the exchange spells a pair and its limits. It gives the same {@link RestCall} a Java request builder
 * would, so signers and the shared {@code exchange-call} leg work unchanged.
 *
 * <p>Placeholders: {@code {symbol}} the pair as the exchange spells it; {@code {depth}} the book
 * levels FMZ asked for (20 when it names none, at most {@code maxDepth}); {@code {limit}} FMZ's
 * {@code limit} (left out when 0 or absent, at most {@code maxLimit}); on {@code trade}
 * {@code {marketAmountIn}} the currency a market order's amount is in, in the exchange's words (left
 * out of a limit order); any other {@code {name}} is FMZ's parameter of that name as sent.
 */
public final class DeclaredRequests {

    /** Book levels per side when FMZ names no limit. */
    public static final int DEFAULT_DEPTH = 20;

    private static final String ENDPOINT = "endpoint";

    private String symbolPattern = "{base}_{quote}";
    private boolean lowerCase;
    private PairSpelling spelling = PairSpelling.FMZ;
    private String orderIdMarket = "fmz";
    private String orderIdExample;
    private OrderIds orderIds = OrderIds.FMZ;
    private String unknownPeriod = "period {period} has no bar here; periods in minutes: {periods}";
    private long maxDepth = Long.MAX_VALUE;
    private long maxLimit = Long.MAX_VALUE;
    private final DeclaredTable periods = new DeclaredTable("periods", "1=1min, 60=1h")
            .keys(minutes -> minutes.matches("[1-9][0-9]{0,8}"), "FMZ minutes (1, 5, 60, 1440)");
    private final DeclaredTable sides = new DeclaredTable("sides", "buy=BUY, sell=SELL")
            .keys(Set.of("buy", "sell")::contains, "buy and sell").requires("buy", "sell");
    private final DeclaredTable orderTypes = new DeclaredTable("orderTypes", "limit=LIMIT, market=MARKET")
            .keys(Set.of("limit", "market")::contains, "limit and market").requires("limit", "market");
    private final DeclaredTable marketAmountIn = new DeclaredTable("marketAmountIn", "base=base_ccy, quote=quote_ccy")
            .keys(Set.of("base", "quote")::contains, "base and quote").requires("base", "quote");
    private String clientOrderIdFormat = "hex";
    private int clientOrderIdLength = 32;
    private final Map<String, EndpointTemplate> templates = new ConcurrentHashMap<>();

    public RestCall call(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint,
                         @ExchangeProperties Map<String, Object> properties) {
        if (endpoint == null) {
            throw new FmzError("the route sets no 'endpoint' before its request step");
        }
        EndpointTemplate template = templates.computeIfAbsent(endpoint, EndpointTemplate::parse);
        if (!"trade".equals(request.method())) {
            return template.render(name -> value(name, request));
        }
        OrderRequest order = OrderRequest.of(request);
        String clientOrderId = clientOrderId(request);
        properties.put(OrderPlacements.CLIENT_ORDER_ID, clientOrderId);
        // a market buy the route sized in base currency at the best ask (marketBuySizing), for exchanges that take no quote amount
        String amount = properties.get(MarketBuySizing.PROPERTY) instanceof MarketBuy sized && order.amountIsQuote()
                ? sized.baseAmount().toPlainString() : order.amount().toPlainString();
        return template.render(name -> switch (name) {
            case "side" -> word(sides, order.side());
            case "orderType" -> word(orderTypes, order.isMarket() ? "market" : "limit");
            case "amount" -> amount;
            case "price" -> order.isMarket() ? null : order.price().toPlainString();
            // the currency a market order's amount is in, for exchanges that ask (limit orders: left out)
            case "marketAmountIn" -> !order.isMarket() ? null
                    : word(marketAmountIn, order.amountIsQuote() ? "quote" : "base");
            case "clientOrderId" -> clientOrderId;
            default -> value(name, request);
        });
    }

    /**
     * What is wrong with an endpoint a route names for this bean, checked at start: a malformed
     * template, or a placeholder this bean cannot fill as declared. Null when it is fine.
     */
    String problemWith(String endpoint) {
        EndpointTemplate template;
        try {
            template = EndpointTemplate.parse(endpoint);
        } catch (FmzError e) {
            return e.getMessage();
        }
        templates.put(endpoint, template);
        if (template.placeholders().contains("period") && periods.isEmpty()) {
            return "the endpoint '" + endpoint + "' uses {period}, but periods is not declared (like \"1=1min, 60=1h\")";
        }
        if (template.placeholders().contains("marketAmountIn") && marketAmountIn.isEmpty()) {
            return "the endpoint '" + endpoint + "' uses {marketAmountIn}, but marketAmountIn is not declared (like \"base=base_ccy, quote=quote_ccy\")";
        }
        return null;
    }

    /** The call for a request outside a route: tests, and builders that keep no client order id. */
    RestCall call(FmzRequest request, String endpoint) {
        return call(request, endpoint, new java.util.HashMap<>());
    }

    private String clientOrderId(FmzRequest request) {
        return "number".equals(clientOrderIdFormat) ? Long.toString(ClientOrderIds.uint32(request))
                : ClientOrderIds.hex(request, clientOrderIdLength);
    }

    /** The exchange's word for FMZ's: FMZ's own when the table is not declared. */
    private static String word(DeclaredTable words, String fmzWord) {
        String word = words.isEmpty() ? fmzWord : words.get(fmzWord);
        if (word == null) {
            throw new FmzError(words.missing());
        }
        return word;
    }

    private String value(String placeholder, FmzRequest request) {
        int colon = placeholder.indexOf(':');
        String name = colon < 0 ? placeholder : placeholder.substring(0, colon);
        long most = colon < 0 ? Long.MAX_VALUE : Long.parseLong(placeholder.substring(colon + 1));
        return switch (name) {
            // optional: a query or body without it (GetOrders of every market) leaves it out
            case "symbol" -> request.hasSymbol() || request.param("id") != null ? spell(orderIds.symbolOf(request)) : null;
            case "orderId" -> {
                DeclaredOrderId id = orderIds.read(request);
                if (id == null && request.param(OrderPlacements.CLIENT_ORDER_ID) == null) {
                    throw new FmzError("missing parameter 'id'");
                }
                yield id == null ? null : id.orderId();
            }
            case "clientOrderId" -> request.param(OrderPlacements.CLIENT_ORDER_ID);
            case "period" -> period(request);
            case "since" -> {
                long since = request.whole("since", 0);
                yield since == 0 ? null : Long.toString(since);
            }
            case "depth" -> Long.toString(Math.min(Math.min(request.whole("limit", DEFAULT_DEPTH), maxDepth), most));
            case "limit" -> {
                long limit = request.whole("limit", 0);
                yield limit == 0 ? null : Long.toString(Math.min(Math.min(limit, maxLimit), most));
            }
            default -> request.param(name);
        };
    }

    /** FMZ's period in minutes (60 when it names none, as FMZ's default bar is an hour) as the exchange names it. */
    private String period(FmzRequest request) {
        if (periods.isEmpty()) {
            throw new FmzError("periods is not declared in the exchange's route file");
        }
        String minutes = Long.toString(request.whole("period", 60));
        String interval = periods.get(minutes);
        if (interval == null) {
            String declared = periods.keySet().stream().sorted(Comparator.comparingLong(Long::parseLong))
                    .collect(Collectors.joining(", "));
            throw new FmzError(unknownPeriod.replace("{period}", minutes).replace("{periods}", declared));
        }
        return interval;
    }

    String spell(FmzSymbol symbol) {
        return spelling.spell(symbol);
    }

    /** How the exchange writes FMZ's {@code BTC_USDT}: {@code {base}-{quote}}, {@code {base}{quote}}, {@code t{base}{quote}}. */
    public void setSymbol(String pattern) {
        this.symbolPattern = pattern;
        respell();
    }

    /** The spelling and the order ids made from it, again after each setting that shapes them: Camel sets them in any order. */
    private void respell() {
        spelling = new PairSpelling(symbolPattern, lowerCase);
        orderIds = OrderIds.of(orderIdMarket, spelling, orderIdExample);
    }

    /** {@code fmz} or {@code exchange}, as declared: the replies bean of the same route must say the same. */
    String orderIdMarket() {
        return orderIdMarket.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * How FMZ's order ids name their market: {@code fmz} ({@code BTC_USDT,<id>}, the default) or
     * {@code exchange} (as {@code symbol} spells it, {@code BTC-USDT,<id>}; a bare id then needs {@code symbol}).
     */
    public void setOrderIdMarket(String market) {
        OrderIds.of(market, PairSpelling.FMZ, null);
        this.orderIdMarket = market;
        respell();
    }

    /** The id an "order id must look like …" error shows: {@code BTC-USDT,312269865356374016}. */
    public void setOrderIdExample(String example) {
        this.orderIdExample = example.trim();
        respell();
    }

    /**
     * The error for a period the exchange has no bar for, with {@code {period}} (FMZ's minutes) and
     * {@code {periods}} (those declared, comma-separated): {@code "period {period} has no bar; periods: [{periods}]"}.
     */
    public void setUnknownPeriod(String text) {
        if (!text.contains("{period}")) {
            throw new IllegalArgumentException("unknownPeriod must name the {period} asked for, like 'period {period} has no bar here'");
        }
        this.unknownPeriod = text;
    }

    /**
     * The exchange's words for the currency a market order's amount is in, {@code {marketAmountIn}}:
     * FMZ's market buy spends quote currency, its market sell sells base ({@code "base=base_ccy, quote=quote_ccy"}).
     */
    public void setMarketAmountIn(String table) {
        marketAmountIn.read(table);
    }

    /** The same table as a YAML map, {@code {base: base_ccy, quote: quote_ccy}}. */
    public Map<String, String> getMarketAmountIn() {
        return marketAmountIn;
    }

    /** {@code upper} (the default) or {@code lower}. */
    public void setSymbolCase(String symbolCase) {
        switch (symbolCase.trim().toLowerCase(Locale.ROOT)) {
            case "upper" -> lowerCase = false;
            case "lower" -> lowerCase = true;
            default -> throw new IllegalArgumentException("symbolCase must be upper or lower, not '" + symbolCase + "'");
        }
        respell();
    }

    /** The most book levels the exchange serves in one call. */
    public void setMaxDepth(long maxDepth) {
        this.maxDepth = positive(maxDepth, "maxDepth");
    }

    /** The most rows (trades, bars, orders) the exchange serves in one call. */
    public void setMaxLimit(long maxLimit) {
        this.maxLimit = positive(maxLimit, "maxLimit");
    }

    /** FMZ's period in minutes → the exchange's interval: {@code "1=1min, 5=5min, 60=1h, 1440=1day"}. */
    public void setPeriods(String table) {
        periods.read(table);
    }

    /** The same table as a YAML map, {@code {1: 1min, 60: 1h}}: Camel puts its entries here one by one. */
    public Map<String, String> getPeriods() {
        return periods;
    }

    /** The exchange's words for FMZ's sides: {@code "buy=BUY, sell=SELL"} (default buy and sell). */
    public void setSides(String table) {
        sides.read(table);
    }

    /** The same table as a YAML map, {@code {buy: BUY, sell: SELL}}. */
    public Map<String, String> getSides() {
        return sides;
    }

    /** The exchange's words for a limit and a market order: {@code "limit=LIMIT, market=MARKET"}. */
    public void setOrderTypes(String table) {
        orderTypes.read(table);
    }

    /** The same table as a YAML map, {@code {limit: LIMIT, market: MARKET}}. */
    public Map<String, String> getOrderTypes() {
        return orderTypes;
    }

    /** What the tables declared as YAML maps lack, which only the whole table shows (checked at start). */
    List<String> tableProblems() {
        return Stream.of(periods.missing(), sides.missing(), orderTypes.missing(), marketAmountIn.missing())
                .filter(Objects::nonNull).toList();
    }

    /** {@code hex} ({@code fmz} and lower-case hex, {@code clientOrderIdLength} characters) or {@code number} (below 2^32). */
    public void setClientOrderIdFormat(String format) {
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("hex") && !f.equals("number")) {
            throw new IllegalArgumentException("clientOrderIdFormat must be hex or number, not '" + format + "'");
        }
        clientOrderIdFormat = f;
    }

    /** The longest client order id the exchange takes, for the hex format: 8 to 67 characters (default 32). */
    public void setClientOrderIdLength(int length) {
        if (length < 8 || length > 67) {
            throw new IllegalArgumentException("clientOrderIdLength must be 8 to 67, not " + length);
        }
        clientOrderIdLength = length;
    }

    private static long positive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return Vocabulary.of("DeclaredRequests", DeclaredRequests.class);
    }
}
