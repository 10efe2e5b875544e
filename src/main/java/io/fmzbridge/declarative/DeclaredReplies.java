package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.PlacedOrder;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * An exchange's replies → FMZ's shapes, declared in the route file with JSON Pointers instead of
 * written as a Java mapper. It plays both mapper roles: {@code reply} is the {@code replyReader} of
 * the shared call leg (the exchange's errors, kept with its code and text) and one method per FMZ
 * method is the route's last step: {@code ticker}, {@code tickers}, {@code depth}, {@code trades},
 * {@code records}, {@code markets}, {@code balances}, {@code placed} (trade), {@code order},
 * {@code orders} (orders and historyorders), {@code canceled} and {@code passThrough}; and
 * {@code serverTime} is the clock-sync job's {@code timeReader}. The shapes are
 * FMZ's own records, so the reply is the one a Java exchange gives.
 *
 * <pre>
 * - name: acmeReplies
 *   type: io.fmzbridge.declarative.DeclaredReplies
 *   properties:
 *     errorCode: /code          # where the exchange says whether a call worked
 *     successCodes: "0"         # the values that mean it did (none: any code is an error)
 *     errorMessage: /msg
 *     timeUnit: ms              # or s, iso
 *     ticker: {item: /data/0, buy: /bid, sell: /ask, last: /last, time: /ts}
 * </pre>
 */
public final class DeclaredReplies {

    private static final String REQUEST = "fmz";
    /** The methods a route's step names on this bean, as a mistake's message lists them. */
    static final String METHODS = "reply, ticker, tickers, depth, trades, records, markets, balances, placed,"
            + " order, orders, historyOrders, canceled, passThrough, serverTime";

    private final Clock clock;
    private final TickerFields ticker = new TickerFields();
    private final DepthFields depth = new DepthFields();
    private final BalanceFields balances = new BalanceFields();
    private final TickersFields tickers = new TickersFields();
    private final TradeFields trades = new TradeFields();
    private final RecordFields records = new RecordFields();
    private final MarketFields markets = new MarketFields();
    private final OrderFields order = new OrderFields();
    private final OrderFields openOrders = new OrderFields();
    private final OrderFields historyOrders = new OrderFields();
    private ReplyField placedId;
    private ReplyField serverTime;
    private final DeclaredTable sides = new DeclaredTable("sides", "buy=bid, sell=ask")
            .keys(Set.of("buy", "sell")::contains, "buy and sell").requires("buy", "sell");
    /** The exchange's spelling of every pair, when declared: pairs read back without its markets. */
    private PairSpelling spelling;
    private String orderIdMarket = "fmz";
    private OrderIds orderIds = OrderIds.FMZ;
    private final ItemErrors itemErrors = new ItemErrors();
    private String errorWithoutCode = "HTTP {status} from exchange without an error code";
    /** The exchange's spelling of each pair ({@code BTCUSDT}) → FMZ's, learned from its markets. */
    private final Map<String, FmzSymbol> spelled = new ConcurrentHashMap<>();
    private JsonPointer errorCode;
    private Set<String> successCodes = Set.of();
    private JsonPointer errorMessage;
    private ReplyTime timeUnit = ReplyTime.MS;

    public DeclaredReplies() {
        this(Clock.systemUTC());
    }

    /** With the clock that stamps replies without a time of their own: for tests. */
    public DeclaredReplies(Clock clock) {
        this.clock = clock;
    }

    /**
     * The HTTP reply as JSON, or the exchange's error: HTTP status outside 2xx, or an error code that is
     * not one of the success codes (with no success codes declared, any code present is an error, as
     * exchanges that send a code only on failure do).
     */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        ExchangeReply reply = ExchangeReply.read(status, body);
        JsonNode json = reply.json();
        String code = errorCode == null ? null : valueAt(json, errorCode);
        boolean codeSaysError = code != null && (successCodes.isEmpty() || !successCodes.contains(code));
        if (reply.isHttpSuccess() && !codeSaysError) {
            return json;
        }
        String message = errorMessage == null ? null : valueAt(json, errorMessage);
        StringBuilder error = new StringBuilder();
        if (code != null) {
            error.append("code ").append(code);
        }
        if (message != null) {
            error.append(error.isEmpty() ? "" : ": ").append(message);
        }
        if (error.isEmpty()) {
            throw new FmzError(errorWithoutCode.replace("{status}", Integer.toString(reply.status())));
        }
        itemErrors.appendTo(error, json, successCodes);
        if (!reply.isHttpSuccess()) {
            error.append(" (HTTP ").append(reply.status()).append(')');
        }
        throw new FmzError(error.toString());
    }

    public FmzReply ticker(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return FmzReply.of(ticker.read(reply, request.symbol(), timeUnit, clock.millis()), reply);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        int limit = (int) Math.min(request.whole("limit", DeclaredRequests.DEFAULT_DEPTH), Integer.MAX_VALUE);
        return FmzReply.of(depth.read(reply, limit, timeUnit, clock.millis()), reply);
    }

    public FmzReply balances(JsonNode reply) {
        return FmzReply.of(balances.read(reply), reply);
    }

    /** Every market's ticker; pairs are read back with what {@link #markets} learned. */
    public FmzReply tickers(JsonNode reply) {
        if (spelled.isEmpty() && spelling == null) {
            throw new FmzError("tickers are read with the pairs learned from markets, and none are known yet:"
                    + " call GetMarkets first, or keep fmz.markets.sync-enabled on");
        }
        return FmzReply.of(tickers.read(reply, ticker, this::known, timeUnit, clock.millis()), reply);
    }

    public FmzReply trades(JsonNode reply) {
        return FmzReply.of(trades.read(reply, timeUnit, sideWords()), reply);
    }

    public FmzReply records(JsonNode reply) {
        return FmzReply.of(records.read(reply, timeUnit), reply);
    }

    /** FMZ's markets by symbol: what GetMarkets answers and the market rules check orders against. */
    public FmzReply markets(JsonNode reply) {
        return FmzReply.of(markets.read(reply, (name, pair) -> spelled.put(name.toUpperCase(Locale.ROOT), pair)), reply);
    }

    /** FMZ's pair for the exchange's spelling, in any case ({@code btcusdt}); null when neither learned nor {@code symbol}'s. */
    private FmzSymbol known(String name) {
        FmzSymbol learned = spelled.get(name.toUpperCase(Locale.ROOT));
        return learned != null || spelling == null ? learned : spelling.read(name);
    }

    /** After {@code trade}: FMZ's id {@code BTC_USDT,<id>} from the exchange's order id at {@code placedId}. */
    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        if (placedId == null) {
            throw new FmzError("placedId is not declared in the exchange's route file");
        }
        return FmzReply.of(new PlacedOrder(orderIds.write(request.symbol(), placedId.text(reply))), reply);
    }

    /** One order, by FMZ's id or, when the bridge looks a placement up, by client order id and symbol. */
    public FmzReply order(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return FmzReply.of(order.one(reply, orderIds.symbolOf(request), sideWords(), orderIds), reply);
    }

    /** Open orders ({@code openOrders}), of the call's market or, without one, of every market the rows name. */
    public FmzReply orders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return list(openOrders.over(order), reply, request);
    }

    /** Past orders ({@code historyOrders}), likewise. */
    public FmzReply historyOrders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        return list(historyOrders.over(order), reply, request);
    }

    private FmzReply list(OrderFields fields, JsonNode reply, FmzRequest request) {
        FmzSymbol market = request.hasSymbol() ? request.symbol() : null;
        return FmzReply.of(fields.all(reply, row -> market != null ? market : marketOf(fields, row), sideWords(), orderIds), reply);
    }

    private FmzSymbol marketOf(OrderFields fields, JsonNode row) {
        String name = fields.spelledSymbol(row);
        if (name == null) {
            throw new FmzError("orders without a symbol need order.symbol in the exchange's route file; call with a symbol");
        }
        FmzSymbol pair = known(name);
        if (pair == null) {
            throw new FmzError("order of " + FmzSymbol.printable(name) + ", a pair not learned from markets yet: call GetMarkets first");
        }
        return pair;
    }

    /** The clock-sync job's {@code timeReader}: the exchange's time in ms, at {@code serverTime}, in {@code timeUnit}. */
    public long serverTime(JsonNode reply) {
        if (serverTime == null) {
            throw new FmzError("serverTime is not declared in the exchange's route file");
        }
        return serverTime.millis(reply, timeUnit);
    }

    /** A cancel the exchange accepted (its error code said so): FMZ's {@code true}. */
    public FmzReply canceled(JsonNode reply) {
        return FmzReply.of(true, reply);
    }

    /** exchange.IO: the exchange's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    /**
     * What the route file must still declare for the route's step {@code method} to work, checked at
     * start; an empty list when nothing is missing, null when this bean has no such method.
     */
    List<String> missingFor(String method) {
        return switch (method) {
            case "reply", "passThrough", "canceled" -> List.of();
            case "ticker" -> ticker.missing();
            case "tickers" -> join(tickers.missing(), ticker.missing(),
                    spelling != null || markets.missing().isEmpty() && markets.learnsSymbols() ? List.of()
                            : List.of("markets.symbol (tickers are named as markets spells them), or symbol"));
            case "depth" -> depth.missing();
            case "trades" -> trades.missing();
            case "records" -> records.missing();
            case "markets" -> markets.missing();
            case "balances" -> balances.missing();
            case "placed" -> join(placedId == null ? List.of("placedId") : List.of(), orderIdNeeds());
            case "serverTime" -> serverTime == null ? List.of("serverTime") : List.of();
            case "order" -> join(order.missing(true, "order"), orderIdNeeds());
            case "orders" -> join(openOrders.over(order).missing(false, "order (or openOrders)"), orderIdNeeds());
            case "historyOrders" -> join(historyOrders.over(order).missing(false, "order (or historyOrders)"), orderIdNeeds());
            default -> null;
        };
    }

    /** orderIdMarket exchange spells the market with {@code symbol}, which must then be declared. */
    private List<String> orderIdNeeds() {
        return spelling == null && !orderIdMarket.trim().equalsIgnoreCase("fmz")
                ? List.of("symbol (orderIdMarket exchange writes the market as the exchange spells it)") : List.of();
    }

    @SafeVarargs
    private static List<String> join(List<String>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }

    /** A code or message as text; absent, null or empty is no value. */
    private static String valueAt(JsonNode json, JsonPointer pointer) {
        JsonNode node = json.at(pointer);
        if (!node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : text;
    }

    public TickerFields getTicker() {
        return ticker;
    }

    public DepthFields getDepth() {
        return depth;
    }

    public BalanceFields getBalances() {
        return balances;
    }

    public TickersFields getTickers() {
        return tickers;
    }

    public TradeFields getTrades() {
        return trades;
    }

    public RecordFields getRecords() {
        return records;
    }

    public MarketFields getMarkets() {
        return markets;
    }

    public OrderFields getOrder() {
        return order;
    }

    public OrderFields getOpenOrders() {
        return openOrders;
    }

    public OrderFields getHistoryOrders() {
        return historyOrders;
    }

    /** Where the exchange's order id is in its reply to a placement: {@code /data/orderId}. */
    public void setPlacedId(String pointer) {
        placedId = ReplyField.of("placedId", pointer);
    }

    /** Where the exchange's time is in its server-time reply, for the clock-sync job: {@code /data/serverTime}. */
    public void setServerTime(String pointer) {
        serverTime = ReplyField.of("serverTime", pointer);
    }

    /** The exchange's words for buy and sell in trades and orders, when not buy and sell: {@code "buy=bid, sell=ask"}. */
    public void setSides(String table) {
        sides.read(table);
    }

    /** The same table as a YAML map, {@code {buy: bid, sell: ask}}. */
    public Map<String, String> getSides() {
        return sides;
    }

    private SideWords sideWords() {
        return sides.isEmpty() ? SideWords.standard() : new SideWords(sides);
    }

    /** What a table declared as a YAML map lacks, which only the whole table shows (checked at start). */
    List<String> tableProblems() {
        String sidesMissing = sides.missing();
        return sidesMissing == null ? List.of() : List.of(sidesMissing);
    }

    public void setErrorCode(String pointer) {
        errorCode = ReplyField.compile("errorCode", pointer);
    }

    /** Comma-separated: {@code "0"}, {@code "00000"}, {@code "0,200"}. Quote them in YAML, or 00000 reads as 0. */
    public void setSuccessCodes(String codes) {
        successCodes = Arrays.stream(codes.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public void setErrorMessage(String pointer) {
        errorMessage = ReplyField.compile("errorMessage", pointer);
    }

    /** The error for a failed HTTP status with no code or message in the reply, with {@code {status}}. */
    public void setErrorWithoutCode(String text) {
        if (!text.contains("{status}")) {
            throw new IllegalArgumentException("errorWithoutCode must name the HTTP {status}, like 'HTTP {status} from exchange without an error code'");
        }
        errorWithoutCode = text;
    }

    /** Where an error reply lists each item's own code and text (a batch's, or one order's): {@code itemErrors.*}. */
    public ItemErrors getItemErrors() {
        return itemErrors;
    }

    /**
     * How the exchange writes every pair in its replies, when base and quote are apart ({@code {base}-{quote}}):
     * tickers and orders of every market are then named without its markets, and the order ids name it so.
     */
    public void setSymbol(String pattern) {
        spelling = new PairSpelling(pattern, false);
        orderIds = OrderIds.of(orderIdMarket, spelling, null);
    }

    /** {@code fmz} or {@code exchange}, as declared. */
    String orderIdMarket() {
        return orderIdMarket.trim().toLowerCase(Locale.ROOT);
    }

    /** As the requests bean's {@code orderIdMarket}: {@code fmz} or {@code exchange} ({@code symbol} must then be declared). */
    public void setOrderIdMarket(String market) {
        OrderIds.of(market, PairSpelling.FMZ, null);
        orderIdMarket = market;
        orderIds = spelling == null ? OrderIds.FMZ : OrderIds.of(market, spelling, null);
    }

    /** {@code ms} (the default), {@code s} or {@code iso}. */
    public void setTimeUnit(String unit) {
        timeUnit = ReplyTime.named(unit);
    }

    @Override
    public String toString() {
        return Vocabulary.of("DeclaredReplies", DeclaredReplies.class) + " and its methods for a route's step: " + METHODS;
    }
}
