package io.fmzbridge.exchange.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.call.ExchangeReply;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.Candle;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.OrderStatus;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Ticker;
import io.fmzbridge.fmz.Trade;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Coinbase Advanced Trade v3 replies → FMZ shapes. Errors come as HTTP 4xx/5xx with
 * {@code {"error","error_details","message"}} (grpc-gateway), a rejected JWT as HTTP 401 with a
 * plain-text body, and a refused order as HTTP 200 with {@code "success": false} (notes §1.4).
 */
public final class CoinbaseMapper {

    private static final Logger LOG = LoggerFactory.getLogger(CoinbaseMapper.class);
    private static final String REQUEST = FmzCall.REQUEST_PROPERTY;
    /** Coinbase's own "it cannot say" (notes §1.5); FMZ's status words have no unknown. */
    static final String UNKNOWN_STATUS = "UNKNOWN_ORDER_STATUS";
    /** The route's variable holding the accounts read so far, as one reply. */
    static final String ACCOUNT_PAGES = "coinbaseAccounts";
    /** 40 pages of 250: far more wallets than Coinbase has currencies; beyond, the cursor is going round. */
    static final int MAX_ACCOUNT_PAGES = 40;

    private final Clock clock;

    public CoinbaseMapper() {
        this(Clock.systemUTC());
    }

    CoinbaseMapper(Clock clock) {
        this.clock = clock;
    }

    /** Reads the HTTP reply; every Coinbase error becomes an error that keeps Coinbase's own words. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        int code = status == null ? 0 : status;
        ExchangeReply reply;
        try {
            reply = ExchangeReply.read(status, body);
        } catch (FmzError unreadable) {
            if (code == 401) {
                throw new FmzError("HTTP 401 Unauthorized: Coinbase refused the request's JWT (check the API key name,"
                        + " its private key, and that this host's clock is right)");
            }
            throw unreadable;
        }
        JsonNode json = reply.json();
        boolean refused = json.path("success").isBoolean() && !json.path("success").asBoolean();
        if (reply.isHttpSuccess() && !refused) {
            return json;
        }
        if (refused) {
            throw new FmzError(orderFailure(json) + (reply.isHttpSuccess() ? "" : " (HTTP " + code + ")"));
        }
        String error = json.path("error").asText("");
        String message = json.path("message").asText("");
        String details = json.path("error_details").asText("");
        if (error.isEmpty() && message.isEmpty()) {
            throw new FmzError("HTTP " + code + " from exchange without a Coinbase error");
        }
        StringBuilder text = new StringBuilder(error.isEmpty() ? "error" : error);
        if (!message.isEmpty()) {
            text.append(": ").append(message);
        }
        if (!details.isEmpty() && !details.equals(message)) {
            text.append(" (").append(details).append(')');
        }
        throw new FmzError(text.append(" (HTTP ").append(code).append(')').toString());
    }

    /** {@code "success": false}: the error_response's code and message, and the failure reason. */
    static String orderFailure(JsonNode json) {
        JsonNode response = json.path("error_response");
        String error = response.path("error").asText("");
        String message = response.path("message").asText("");
        String preview = response.path("preview_failure_reason").asText("");
        String reason = json.path("failure_reason").asText("");
        StringBuilder text = new StringBuilder("order refused: ").append(error.isEmpty() ? "UNKNOWN" : error);
        if (!message.isEmpty()) {
            text.append(": ").append(message);
        }
        for (String more : new String[] {response.path("new_order_failure_reason").asText(""), preview, reason}) {
            if (!more.isEmpty() && !more.equals(error) && text.indexOf(more) < 0) {
                text.append(" (").append(more).append(')');
            }
        }
        return text.toString();
    }

    // --- market data ---

    /** The latest trade and best prices, with open/high/low/volume from the last 24 hourly bars. */
    public FmzReply ticker(JsonNode ticker, JsonNode dayBars) {
        JsonNode trades = ticker.path("trades");
        JsonNode last = trades.path(0);
        BigDecimal high = null;
        BigDecimal low = null;
        BigDecimal volume = BigDecimal.ZERO;
        JsonNode oldest = null;
        for (JsonNode bar : dayBars.path("candles")) {
            high = high == null || decimal(bar.path("high")).compareTo(high) > 0 ? decimal(bar.path("high")) : high;
            low = low == null || decimal(bar.path("low")).compareTo(low) < 0 ? decimal(bar.path("low")) : low;
            volume = volume.add(decimal(bar.path("volume")));
            if (oldest == null || whole(bar.path("start")) < whole(oldest.path("start"))) {
                oldest = bar;
            }
        }
        String productId = last.path("product_id").asText("");
        ObjectNode raw = FmzJson.MAPPER.createObjectNode();
        raw.set("ticker", ticker);
        raw.set("candles", dayBars);
        return FmzReply.of(new Ticker(symbol(productId), decimal(ticker.path("best_bid")), decimal(ticker.path("best_ask")),
                orZero(high), orZero(low), oldest == null ? BigDecimal.ZERO : decimal(oldest.path("open")),
                decimal(last.path("price")), volume, last.isMissingNode() ? clock.millis() : millis(last.path("time"))), raw);
    }

    /**
     * The ticker channel's latest ({@link CoinbaseStream}): best bid and ask, last price, and its own
     * 24 h high, low and volume. The channel carries no 24 h open (only a rounded percent change, from
     * which the open cannot be had exactly): open reads 0.
     */
    public FmzReply streamTicker(JsonNode latest) {
        JsonNode t = latest.path("ticker");
        return FmzReply.of(new Ticker(symbol(t.path("product_id").asText("")), decimal(t.path("best_bid")),
                decimal(t.path("best_ask")), decimal(t.path("high_24_h")), decimal(t.path("low_24_h")), BigDecimal.ZERO,
                decimal(t.path("price")), decimal(t.path("volume_24_h")), millis(latest.path("timestamp"))), latest);
    }

    /**
     * Every spot product's last price and 24 h volume, with best bid and ask from {@code best_bid_ask}.
     * Coinbase's product list has no 24 h high, low or open: they read 0.
     */
    public FmzReply tickers(JsonNode products, JsonNode books) {
        Map<String, JsonNode> bookOf = new HashMap<>();
        for (JsonNode book : books.path("pricebooks")) {
            bookOf.put(book.path("product_id").asText(), book);
        }
        long now = clock.millis();
        List<Ticker> tickers = new ArrayList<>();
        for (JsonNode p : products.path("products")) {
            if (!isSpot(p)) {
                continue;
            }
            JsonNode book = bookOf.get(p.path("product_id").asText());
            BigDecimal bid = book == null ? BigDecimal.ZERO : decimal(book.path("bids").path(0).path("price"));
            BigDecimal ask = book == null ? BigDecimal.ZERO : decimal(book.path("asks").path(0).path("price"));
            long time = book == null || book.path("time").asText("").isEmpty() ? now : millis(book.path("time"));
            tickers.add(new Ticker(symbol(p.path("product_id").asText()), bid, ask, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, decimal(p.path("price")), decimal(p.path("volume_24h")), time));
        }
        ObjectNode raw = FmzJson.MAPPER.createObjectNode();
        raw.set("products", products);
        raw.set("best_bid_ask", books);
        return FmzReply.of(tickers, raw);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        JsonNode book = reply.path("pricebook");
        if (book.isMissingNode()) {
            throw new FmzError("Coinbase returned no pricebook");
        }
        int limit = (int) request.whole("limit", CoinbaseRequests.DEFAULT_DEPTH);
        long time = book.path("time").asText("").isEmpty() ? clock.millis() : millis(book.path("time"));
        return FmzReply.of(Depth.of(time, levels(book.path("asks")), levels(book.path("bids")), limit), reply);
    }

    /** Coinbase lists trades newest first; FMZ wants them oldest first. */
    public FmzReply trades(JsonNode reply) {
        List<Trade> trades = new ArrayList<>();
        for (JsonNode t : reply.path("trades")) {
            trades.add(new Trade(t.path("trade_id").asText(), millis(t.path("time")), decimal(t.path("price")),
                    decimal(t.path("size")), t.path("side").asText().toLowerCase(Locale.ROOT)));
        }
        trades.sort(Comparator.comparingLong(Trade::time));
        return FmzReply.of(trades, reply);
    }

    /** Rows {@code {start, low, high, open, close, volume}}, start in seconds, newest first. */
    public FmzReply records(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        List<Candle> candles = new ArrayList<>();
        for (JsonNode row : reply.path("candles")) {
            candles.add(new Candle(whole(row.path("start")), decimal(row.path("open")), decimal(row.path("high")),
                    decimal(row.path("low")), decimal(row.path("close")), decimal(row.path("volume"))));
        }
        candles.sort(Comparator.comparingLong(Candle::time));
        int limit = (int) Math.min(request.whole("limit", CoinbaseRequests.MAX_CANDLES), CoinbaseRequests.MAX_CANDLES);
        List<Candle> newest = candles.subList(Math.max(0, candles.size() - limit), candles.size());
        return FmzReply.of(List.copyOf(newest), reply);
    }

    /** Trading rules of every spot product that trades: tick, lot, minimum and maximum sizes. */
    public FmzReply markets(JsonNode reply) {
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode p : reply.path("products")) {
            if (!isSpot(p) || p.path("trading_disabled").asBoolean(false) || p.path("is_disabled").asBoolean(false)) {
                continue;
            }
            String symbol = symbol(p.path("product_id").asText());
            BigDecimal tick = decimal(p.path("price_increment"));
            BigDecimal lot = decimal(p.path("base_increment"));
            markets.put(symbol, new Market(symbol, p.path("base_currency_id").asText(), p.path("quote_currency_id").asText(),
                    tick, lot, Market.decimalsOf(tick), Market.decimalsOf(lot),
                    decimal(p.path("base_min_size")), decimal(p.path("base_max_size")),
                    decimal(p.path("quote_min_size")), decimal(p.path("quote_max_size"))));
        }
        return FmzReply.of(markets, reply);
    }

    // --- account ---

    /** Loop condition of the accounts call: before the first page, and while Coinbase says more follow. */
    public boolean morePages(@Variable(ACCOUNT_PAGES) JsonNode readSoFar) {
        return readSoFar == null || readSoFar.path("has_next").asBoolean(false);
    }

    /**
     * One page of {@code /accounts} added to those read before: the result has every account so far, and
     * the page's {@code has_next} and {@code cursor} for the next request. A page that says more follow
     * without a new cursor, or more pages than any account has, is an error rather than an endless loop.
     */
    public JsonNode accountsPage(JsonNode page, @Variable(ACCOUNT_PAGES) JsonNode readSoFar, Exchange exchange) {
        ObjectNode merged = readSoFar == null ? FmzJson.MAPPER.createObjectNode() : (ObjectNode) readSoFar;
        ArrayNode accounts = merged.has("accounts") ? (ArrayNode) merged.get("accounts") : merged.putArray("accounts");
        page.path("accounts").forEach(accounts::add);
        int pages = merged.path("pages").asInt(0) + 1;
        boolean hasNext = page.path("has_next").asBoolean(false);
        String cursor = page.path("cursor").asText("");
        if (hasNext && (cursor.isEmpty() || cursor.equals(merged.path("cursor").asText("")))) {
            throw new FmzError("Coinbase said more accounts follow but gave no new cursor (page " + pages + ")");
        }
        if (hasNext && pages >= MAX_ACCOUNT_PAGES) {
            throw new FmzError("Coinbase still has more accounts after " + pages + " pages; stopped reading");
        }
        merged.put("has_next", hasNext).put("cursor", cursor).put("pages", pages);
        exchange.setVariable(ACCOUNT_PAGES, merged);
        return merged;
    }

    /** Each wallet: {@code available_balance} is free, {@code hold} is held in orders. */
    public FmzReply balances(JsonNode reply) {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode a : reply.path("accounts")) {
            balances.add(new Balance(a.path("currency").asText(), decimal(a.path("available_balance").path("value")),
                    decimal(a.path("hold").path("value"))));
        }
        return FmzReply.of(balances, reply);
    }

    // --- orders ---

    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String orderId = reply.path("success_response").path("order_id").asText(reply.path("order_id").asText(""));
        if (orderId.isEmpty()) {
            throw new FmzError("Coinbase accepted the order request but returned no order_id");
        }
        String productId = reply.path("success_response").path("product_id")
                .asText(CoinbaseRequests.productId(request.symbol()));
        return FmzReply.of(new PlacedOrder(productId + "," + orderId), reply);
    }

    /**
     * One order: {@code {"order": …}} by order id, or, for the bridge's lookup by client order id,
     * the product's newest orders {@code {"orders": […]}} searched for it.
     */
    public FmzReply order(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        String clientOrderId = request.param(OrderPlacements.CLIENT_ORDER_ID);
        if (clientOrderId == null) {
            JsonNode order = reply.path("order");
            if (!order.isObject()) {
                throw new FmzError("Coinbase returned no order");
            }
            return FmzReply.of(toOrder(order), reply);
        }
        for (JsonNode order : reply.path("orders")) {
            if (clientOrderId.equals(order.path("client_order_id").asText())) {
                return FmzReply.of(toOrder(order), order);
            }
        }
        throw new FmzError("no order with client order id " + clientOrderId + " among the newest "
                + CoinbaseRequests.CLIENT_ID_SEARCH + " orders of " + request.param("symbol"));
    }

    /**
     * A list of orders. One in {@code UNKNOWN_ORDER_STATUS} is left out (with a DEBUG line) rather than
     * making the whole list an error: FMZ has no word for it, and the others are known.
     */
    public FmzReply orders(JsonNode reply) {
        List<Order> orders = new ArrayList<>();
        for (JsonNode order : reply.path("orders")) {
            if (UNKNOWN_STATUS.equals(order.path("status").asText())) {
                LOG.debug("Coinbase order {} of {} is in {}: left out of the list", order.path("order_id").asText(),
                        order.path("product_id").asText(), UNKNOWN_STATUS);
                continue;
            }
            orders.add(toOrder(order));
        }
        return FmzReply.of(orders, reply);
    }

    /** batch_cancel answers per order; the one order's {@code success} decides. */
    public FmzReply canceled(JsonNode reply) {
        JsonNode result = reply.path("results").path(0);
        if (result.isMissingNode()) {
            throw new FmzError("Coinbase returned no cancel result");
        }
        if (!result.path("success").asBoolean(false)) {
            throw new FmzError("cancel refused: " + result.path("failure_reason").asText("UNKNOWN_CANCEL_FAILURE_REASON")
                    + " (order " + result.path("order_id").asText() + ")");
        }
        return FmzReply.of(true, reply);
    }

    /** {@code /time}: {@code epochMillis}, a string of ms. */
    public long serverTime(JsonNode reply) {
        JsonNode millis = reply.path("epochMillis");
        if (millis.isMissingNode()) {
            throw new FmzError("Coinbase returned no server time");
        }
        return whole(millis);
    }

    /** exchange.IO: the exchange's JSON is the result. */
    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    static Order toOrder(JsonNode o) {
        String productId = o.path("product_id").asText();
        BigDecimal filled = decimal(o.path("filled_size"));
        JsonNode configuration = configuration(o.path("order_configuration"));
        // a market buy is sized in quote currency, as FMZ's market-buy amount is
        BigDecimal amount = configuration.has("base_size") ? decimal(configuration.path("base_size"))
                : decimal(configuration.path("quote_size"));
        return new Order(productId + "," + o.path("order_id").asText(), symbol(productId), amount,
                decimal(configuration.path("limit_price")), filled, decimal(o.path("average_filled_price")),
                o.path("side").asText().toLowerCase(Locale.ROOT), status(o.path("status").asText(), filled.signum() > 0));
    }

    /** Coinbase order states (notes §1.5) → FMZ words; an order that still rests says whether it traded. */
    static OrderStatus status(String status, boolean anyFilled) {
        return switch (status) {
            case "PENDING", "QUEUED" -> OrderStatus.PENDING;
            // CANCEL_QUEUED: the cancel is not through yet, the order still rests (inferred)
            case "OPEN", "CANCEL_QUEUED" -> anyFilled ? OrderStatus.PARTIAL_FILLED : OrderStatus.PENDING;
            case "FILLED" -> OrderStatus.FILLED;
            case "CANCELLED", "EXPIRED", "FAILED" -> OrderStatus.canceled(anyFilled);
            default -> throw new FmzError("unknown Coinbase order status '" + status + "'");
        };
    }

    /** The one entry of {@code order_configuration} ({@code limit_limit_gtc}, {@code market_market_ioc}, …). */
    private static JsonNode configuration(JsonNode configurations) {
        Iterator<JsonNode> entries = configurations.elements();
        return entries.hasNext() ? entries.next() : FmzJson.MAPPER.createObjectNode();
    }

    private static boolean isSpot(JsonNode product) {
        String type = product.path("product_type").asText("SPOT");
        String id = product.path("product_id").asText("");
        return type.equals("SPOT") && id.indexOf('-') > 0 && id.indexOf('-') == id.lastIndexOf('-');
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Depth.Level(decimal(level.path("price")), decimal(level.path("size"))));
        }
        return levels;
    }

    /** Coinbase's RFC 3339 times, with up to nanoseconds → ms. */
    static long millis(JsonNode time) {
        try {
            return Instant.parse(time.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new FmzError("exchange sent '" + time.asText().replaceAll("[^\\x20-\\x7E]", "?") + "' where a time belongs");
        }
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** {@code BTC-USD} → {@code BTC_USD}. */
    static String symbol(String productId) {
        return productId.replace('-', '_');
    }
}
