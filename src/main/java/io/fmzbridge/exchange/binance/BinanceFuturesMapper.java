package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.exchange.binance.BinanceContracts.Api;
import io.fmzbridge.exchange.binance.BinanceContracts.Book;
import io.fmzbridge.exchange.binance.BinanceContracts.Contract;
import io.fmzbridge.fmz.Balance;
import io.fmzbridge.fmz.ContractRange;
import io.fmzbridge.fmz.Depth;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Funding;
import io.fmzbridge.fmz.FuturesSide;
import io.fmzbridge.fmz.Market;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.PlacedOrder;
import io.fmzbridge.fmz.Position;
import io.fmzbridge.fmz.Ticker;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * Binance futures replies (USDⓈ-M and COIN-M) → FMZ shapes. Symbols become FMZ contract symbols
 * through Binance's own lists ({@link BinanceContracts}); sizes stay in each API's quantity. An
 * order's side with its {@code positionSide} (hedge mode) or {@code reduceOnly} (one-way mode)
 * gives FMZ's four sides. A listing that asks both APIs collects their replies, each with its API,
 * in the variable {@value #REPLIES}.
 */
public final class BinanceFuturesMapper {

    /** The variable a listing's loop collects its replies in. */
    public static final String REPLIES = "binanceReplies";
    private static final String REQUEST = "fmz";
    /** Binance's funding interval where fundingInfo lists no adjusted one (inferred: its funding runs every 8 hours). */
    static final long DEFAULT_FUNDING_INTERVAL_MS = 8 * 3_600_000L;
    /** Decimals a derived margin keeps, cut down. */
    private static final int MARGIN_SCALE = 8;

    /** One reply of a listing, with the API it came from. */
    public record ApiReply(Api api, JsonNode reply) {
    }

    private final Clock clock;

    public BinanceFuturesMapper() {
        this(Clock.systemUTC());
    }

    BinanceFuturesMapper(Clock clock) {
        this.clock = clock;
    }

    // --- collecting a listing ---

    public List<ApiReply> newReplies() {
        return new ArrayList<>();
    }

    public void collect(JsonNode reply, @ExchangeProperty(BinancePositionModes.API_PROPERTY) Api api,
                        @Variable(REPLIES) List<ApiReply> replies) {
        replies.add(new ApiReply(api, reply));
    }

    // --- market data ---

    /**
     * The 24 h ticker (variable {@code binanceTicker}) and book ticker ({@code binanceBook}) with the
     * open interest in the body. COIN-M answers the first two as one-element arrays.
     */
    public FmzReply ticker(JsonNode openInterest, @Variable("binanceTicker") JsonNode ticker,
                           @Variable("binanceBook") JsonNode book, @Variable(BinanceContracts.VARIABLE) Book contracts) {
        JsonNode t = single(ticker, "24 h ticker");
        JsonNode b = single(book, "book ticker");
        Contract contract = contracts.bySymbol(t.path("symbol").asText());
        Ticker mapped = new Ticker(contract.fmzSymbol().toString(), decimal(b.path("bidPrice")), decimal(b.path("askPrice")),
                decimal(t.path("highPrice")), decimal(t.path("lowPrice")), decimal(t.path("openPrice")),
                decimal(t.path("lastPrice")), decimal(t.path("volume")), whole(t.path("closeTime")))
                .withOpenInterest(decimal(openInterest.path("openInterest")));
        ObjectNode raw = FmzJson.MAPPER.createObjectNode();
        raw.set("ticker", ticker);
        raw.set("bookTicker", book);
        raw.set("openInterest", openInterest);
        return FmzReply.of(mapped, raw);
    }

    /** The book at Binance's transaction time {@code T}, cut to FMZ's limit. */
    public FmzReply depth(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request) {
        int limit = (int) request.whole("limit", BinanceFuturesRequests.DEFAULT_DEPTH);
        long time = reply.has("T") ? whole(reply.path("T")) : clock.millis();
        return FmzReply.of(Depth.of(time, levels(reply.path("asks")), levels(reply.path("bids")), limit), reply);
    }

    /** Every contract's rules, from the lists the book was loaded from. */
    public FmzReply markets(@Variable(BinanceContracts.VARIABLE) Book book) {
        Map<String, Market> markets = new LinkedHashMap<>();
        book.contracts().stream().sorted(Comparator.comparing(c -> c.fmzSymbol().toString()))
                .forEach(c -> markets.put(c.fmzSymbol().toString(), c.market()));
        return FmzReply.of(markets, book.raw());
    }

    /**
     * Funding of perpetuals: each API's premiumIndex (rate {@code lastFundingRate}, next funding at
     * {@code nextFundingTime}) followed by its fundingInfo, which lists the intervals Binance has
     * adjusted ({@code fundingIntervalHours}); the rest fund every 8 hours.
     */
    public FmzReply fundings(@Variable(REPLIES) List<ApiReply> replies, @ExchangeProperty(REQUEST) FmzRequest request,
                             @Variable(BinanceContracts.VARIABLE) Book book) {
        Predicate<Contract> wanted = wanted(request, book);
        List<Funding> fundings = new ArrayList<>();
        ArrayNode raw = FmzJson.MAPPER.createArrayNode();
        for (int n = 0; n + 1 < replies.size(); n += 2) {
            JsonNode premium = replies.get(n).reply();
            JsonNode info = replies.get(n + 1).reply();
            raw.add(premium).add(info);
            Map<String, Long> intervals = new HashMap<>();
            for (JsonNode i : info) {
                intervals.put(i.path("symbol").asText(), i.path("fundingIntervalHours").asLong(8) * 3_600_000L);
            }
            for (JsonNode p : premium.isArray() ? premium : FmzJson.MAPPER.createArrayNode().add(premium)) {
                Contract contract = book.bySymbol().get(p.path("symbol").asText());
                if (contract != null && contract.perpetual() && wanted.test(contract)) {
                    fundings.add(new Funding(contract.fmzSymbol().toString(), decimal(p.path("lastFundingRate")),
                            intervals.getOrDefault(contract.symbol(), DEFAULT_FUNDING_INTERVAL_MS),
                            whole(p.path("nextFundingTime"))));
                }
            }
        }
        return FmzReply.of(fundings, raw);
    }

    // --- account ---

    /**
     * Both wallets together (USDⓈ-M and COIN-M futures balance), summed per asset: free is
     * {@code availableBalance}, frozen what the wallet holds beyond it ({@code balance} −
     * {@code availableBalance}, never below 0).
     */
    public FmzReply balances(@Variable(REPLIES) List<ApiReply> replies) {
        Map<String, BigDecimal[]> byAsset = new LinkedHashMap<>();
        ArrayNode raw = FmzJson.MAPPER.createArrayNode();
        for (ApiReply reply : replies) {
            raw.add(reply.reply());
            for (JsonNode b : reply.reply()) {
                BigDecimal available = decimal(b.path("availableBalance"));
                BigDecimal held = decimal(b.path("balance")).subtract(available).max(BigDecimal.ZERO);
                BigDecimal[] sums = byAsset.computeIfAbsent(b.path("asset").asText(), a -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(available);
                sums[1] = sums[1].add(held);
            }
        }
        List<Balance> balances = new ArrayList<>();
        byAsset.forEach((asset, sums) -> balances.add(new Balance(asset, sums[0], sums[1])));
        return FmzReply.of(balances, raw);
    }

    /**
     * Open positions: {@code positionAmt} in the API's quantity, long or short by
     * {@code positionSide}, or in one-way mode by its sign; {@code unRealizedProfit} in the margin
     * asset. {@code margin} is the isolated margin, or for a cross position its initial margin
     * (notional ÷ leverage; COIN-M: contracts × contract size ÷ mark price ÷ leverage), cut down to 8
     * decimals. Binance gives no frozen size, so {@code frozen_amount} is 0.
     */
    public FmzReply positions(@Variable(REPLIES) List<ApiReply> replies, @ExchangeProperty(REQUEST) FmzRequest request,
                              @Variable(BinanceContracts.VARIABLE) Book book) {
        Predicate<Contract> wanted = wanted(request, book);
        List<Position> positions = new ArrayList<>();
        ArrayNode raw = FmzJson.MAPPER.createArrayNode();
        for (ApiReply reply : replies) {
            raw.add(reply.reply());
            for (JsonNode p : reply.reply()) {
                BigDecimal amount = decimal(p.path("positionAmt"));
                Contract contract = book.bySymbol().get(p.path("symbol").asText());
                if (amount.signum() == 0 || contract == null || !wanted.test(contract)) {
                    continue;
                }
                String side = p.path("positionSide").asText("BOTH");
                int type = side.equals("LONG") ? Position.LONG : side.equals("SHORT") ? Position.SHORT
                        : amount.signum() > 0 ? Position.LONG : Position.SHORT;
                BigDecimal leverage = decimal(p.path("leverage"));
                positions.add(new Position(contract.fmzSymbol().toString(), leverage, amount.abs(), BigDecimal.ZERO,
                        decimal(p.path("entryPrice")), decimal(p.path("unRealizedProfit")), type,
                        contract.fmzSymbol().contract(), margin(p, contract, amount, leverage)));
            }
        }
        return FmzReply.of(positions, raw);
    }

    /** SetMarginLevel: Binance answered the leverage as set. */
    public FmzReply leverageSet(JsonNode reply) {
        if (!reply.has("leverage")) {
            throw new FmzError("Binance answered the leverage change without a leverage");
        }
        return FmzReply.of(true, reply);
    }

    // --- orders ---

    public FmzReply placed(JsonNode reply) {
        String symbol = reply.path("symbol").asText("");
        String orderId = reply.path("orderId").asText("");
        if (symbol.isEmpty() || orderId.isEmpty()) {
            throw new FmzError("Binance accepted the order request but returned no symbol and orderId");
        }
        return FmzReply.of(new PlacedOrder(symbol + "," + orderId), reply);
    }

    public FmzReply order(JsonNode reply, @Variable(BinanceContracts.VARIABLE) Book book) {
        return FmzReply.of(toOrder(reply, book), reply);
    }

    /** A listing's orders: of the contract or range asked, from every API asked. */
    public FmzReply orders(@Variable(REPLIES) List<ApiReply> replies, @ExchangeProperty(REQUEST) FmzRequest request,
                           @Variable(BinanceContracts.VARIABLE) Book book) {
        Predicate<Contract> wanted = wanted(request, book);
        List<Order> orders = new ArrayList<>();
        ArrayNode raw = FmzJson.MAPPER.createArrayNode();
        for (ApiReply reply : replies) {
            raw.add(reply.reply());
            for (JsonNode o : reply.reply()) {
                Contract contract = book.bySymbol().get(o.path("symbol").asText());
                if (contract == null || wanted.test(contract)) {
                    orders.add(toOrder(o, book));
                }
            }
        }
        return FmzReply.of(orders, raw);
    }

    /** All Orders of one contract, as Binance lists them. */
    public FmzReply history(JsonNode reply, @Variable(BinanceContracts.VARIABLE) Book book) {
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : reply) {
            orders.add(toOrder(o, book));
        }
        return FmzReply.of(orders, reply);
    }

    static Order toOrder(JsonNode o, Book book) {
        String symbol = o.path("symbol").asText();
        FmzSymbol fmzSymbol = book.bySymbol(symbol).fmzSymbol();
        boolean buys = o.path("side").asText().equals("BUY");
        FuturesSide side = switch (o.path("positionSide").asText("BOTH")) {
            case "LONG" -> FuturesSide.of(buys, true);
            case "SHORT" -> FuturesSide.of(buys, false);
            // one-way mode: a reduce-only order closes the position on the other side
            default -> o.path("reduceOnly").asBoolean(false)
                    ? (buys ? FuturesSide.CLOSESELL : FuturesSide.CLOSEBUY)
                    : (buys ? FuturesSide.BUY : FuturesSide.SELL);
        };
        BigDecimal executed = decimal(o.path("executedQty"));
        return new Order(symbol + "," + o.path("orderId").asText(), fmzSymbol.toString(), decimal(o.path("origQty")),
                decimal(o.path("price")), executed, decimal(o.path("avgPrice")), side.word(),
                BinanceMapper.status(o.path("status").asText(), executed.signum() > 0), fmzSymbol.contract());
    }

    private static BigDecimal margin(JsonNode p, Contract contract, BigDecimal amount, BigDecimal leverage) {
        if (p.path("marginType").asText().equalsIgnoreCase("isolated")) {
            return decimal(p.path("isolatedMargin"));
        }
        if (leverage.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal notional;
        if (contract.api() == Api.USDM) {
            notional = decimal(p.path("notional")).abs();
        } else {
            BigDecimal mark = decimal(p.path("markPrice"));
            if (mark.signum() <= 0) {
                return BigDecimal.ZERO;
            }
            notional = amount.abs().multiply(contract.contractSize()).divide(mark, MARGIN_SCALE + 8, RoundingMode.DOWN);
        }
        return notional.divide(leverage, MARGIN_SCALE, RoundingMode.DOWN).stripTrailingZeros();
    }

    /** What a listing keeps: the contract asked, a range's contracts, or all. */
    private static Predicate<Contract> wanted(FmzRequest request, Book book) {
        String symbol = request.param("symbol");
        if (symbol == null) {
            return any -> true;
        }
        if (ContractRange.isRange(symbol)) {
            ContractRange range = ContractRange.parse(symbol);
            return c -> range.contains(c.fmzSymbol());
        }
        Contract asked = BinanceFuturesRequests.contract(request, book);
        return c -> c.symbol().equals(asked.symbol());
    }

    private static JsonNode single(JsonNode reply, String what) {
        JsonNode item = reply.isArray() ? reply.path(0) : reply;
        if (item.isMissingNode() || !item.isObject()) {
            throw new FmzError("Binance returned no " + what);
        }
        return item;
    }

    private static List<Depth.Level> levels(JsonNode side) {
        List<Depth.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Depth.Level(decimal(level.path(0)), decimal(level.path(1))));
        }
        return levels;
    }
}
