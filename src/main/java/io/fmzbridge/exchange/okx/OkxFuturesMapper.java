package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.exchange.okx.OkxContracts.Book;
import io.fmzbridge.fmz.ContractRange;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

import static io.fmzbridge.fmz.FmzJson.decimal;
import static io.fmzbridge.fmz.FmzJson.whole;

/**
 * OKX v5 replies about contracts → FMZ shapes. Instruments become FMZ contract symbols through
 * OKX's own lists ({@link OkxContracts}); sizes stay contracts. An order's side and {@code posSide}
 * (long/short mode) or {@code reduceOnly} (net mode) give FMZ's four sides.
 */
public final class OkxFuturesMapper {

    private static final String REQUEST = "fmz";

    /** The ticker (variable {@code okxTicker}) with the open interest in the body, in contracts. */
    public FmzReply ticker(JsonNode openInterest, @Variable("okxTicker") JsonNode ticker,
                           @Variable(OkxContracts.VARIABLE) Book book) {
        JsonNode t = first(ticker, "ticker");
        FmzSymbol symbol = book.symbolOf(t.path("instId").asText());
        Ticker mapped = new Ticker(symbol.toString(), decimal(t.path("bidPx")), decimal(t.path("askPx")),
                decimal(t.path("high24h")), decimal(t.path("low24h")), decimal(t.path("open24h")),
                decimal(t.path("last")), decimal(t.path("vol24h")), whole(t.path("ts")))
                .withOpenInterest(decimal(first(openInterest, "open interest").path("oi")));
        ObjectNode raw = FmzJson.MAPPER.createObjectNode();
        raw.set("ticker", ticker);
        raw.set("openInterest", openInterest);
        return FmzReply.of(mapped, raw);
    }

    /** Every contract's rules, from the lists the book was loaded from. */
    public FmzReply markets(@Variable(OkxContracts.VARIABLE) Book book) {
        Map<String, Market> markets = new LinkedHashMap<>();
        book.contracts().stream()
                .filter(c -> book.bySymbol().get(c.symbol().toString()) == c)
                .sorted(Comparator.comparing(c -> c.symbol().toString()))
                .forEach(c -> markets.put(c.symbol().toString(), c.market()));
        return FmzReply.of(markets, book.raw());
    }

    public FmzReply placed(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                           @Variable(OkxContracts.VARIABLE) Book book) {
        String ordId = first(reply, "order result").path("ordId").asText("");
        if (ordId.isEmpty()) {
            throw new FmzError("OKX accepted the order request but returned no ordId");
        }
        return FmzReply.of(new PlacedOrder(book.contract(request.symbol()).instId() + "," + ordId), reply);
    }

    public FmzReply order(JsonNode reply, @Variable(OkxContracts.VARIABLE) Book book) {
        return FmzReply.of(toOrder(first(reply, "order"), book), reply);
    }

    /** Orders of contracts only (a call without symbol lists spot ones too), of the range when one was asked. */
    public FmzReply orders(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                           @Variable(OkxContracts.VARIABLE) Book book) {
        Predicate<FmzSymbol> wanted = inRange(request);
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : reply.path("data")) {
            if (isContract(o) && wanted.test(book.symbolOf(o.path("instId").asText()))) {
                orders.add(toOrder(o, book));
            }
        }
        return FmzReply.of(orders, reply);
    }

    /**
     * Open positions: {@code pos} in contracts, long or short by {@code posSide}, or in net mode by
     * its sign; {@code upl} is in the settlement (margin) currency. OKX gives no frozen size for
     * contract positions, so {@code frozen_amount} is 0; {@code margin} is the isolated margin, or
     * the initial margin requirement of a cross position.
     */
    public FmzReply positions(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                              @Variable(OkxContracts.VARIABLE) Book book) {
        Predicate<FmzSymbol> wanted = inRange(request);
        List<Position> positions = new ArrayList<>();
        for (JsonNode p : reply.path("data")) {
            BigDecimal pos = decimal(p.path("pos"));
            if (!isContract(p) || pos.signum() == 0) {
                continue;
            }
            FmzSymbol symbol = book.symbolOf(p.path("instId").asText());
            if (!wanted.test(symbol)) {
                continue;
            }
            String posSide = p.path("posSide").asText("net");
            int type = posSide.equals("long") ? Position.LONG : posSide.equals("short") ? Position.SHORT
                    : pos.signum() > 0 ? Position.LONG : Position.SHORT;
            BigDecimal margin = p.path("mgnMode").asText().equals("isolated") ? decimal(p.path("margin")) : decimal(p.path("imr"));
            positions.add(new Position(symbol.toString(), decimal(p.path("lever")), pos.abs(), BigDecimal.ZERO,
                    decimal(p.path("avgPx")), decimal(p.path("upl")), type, symbol.contract(), margin));
        }
        return FmzReply.of(positions, reply);
    }

    /**
     * Funding of perpetuals: {@code fundingRate} as OKX gives it, charged at {@code fundingTime};
     * the interval is the gap to {@code nextFundingTime}, which OKX's reference says to use since it
     * changes the frequency for some contracts.
     */
    public FmzReply fundings(JsonNode reply, @ExchangeProperty(REQUEST) FmzRequest request,
                             @Variable(OkxContracts.VARIABLE) Book book) {
        Predicate<FmzSymbol> wanted = inRange(request);
        List<Funding> fundings = new ArrayList<>();
        for (JsonNode f : reply.path("data")) {
            String instId = f.path("instId").asText();
            if (!instId.endsWith("-SWAP")) {
                continue;
            }
            FmzSymbol symbol = book.symbolOf(instId);
            if (wanted.test(symbol)) {
                long time = whole(f.path("fundingTime"));
                long next = whole(f.path("nextFundingTime"));
                fundings.add(new Funding(symbol.toString(), decimal(f.path("fundingRate")), next > time ? next - time : 0, time));
            }
        }
        return FmzReply.of(fundings, reply);
    }

    /** SetMarginLevel: OKX answered the leverage as set. */
    public FmzReply leverageSet(JsonNode reply) {
        first(reply, "leverage result");
        return FmzReply.of(true, reply);
    }

    static Order toOrder(JsonNode o, Book book) {
        String instId = o.path("instId").asText();
        FmzSymbol symbol = book.symbolOf(instId);
        boolean buys = o.path("side").asText().equals("buy");
        FuturesSide side = switch (o.path("posSide").asText("net")) {
            case "long" -> FuturesSide.of(buys, true);
            case "short" -> FuturesSide.of(buys, false);
            // net mode: a reduce-only order closes the position on the other side
            default -> o.path("reduceOnly").asText().equals("true")
                    ? (buys ? FuturesSide.CLOSESELL : FuturesSide.CLOSEBUY)
                    : (buys ? FuturesSide.BUY : FuturesSide.SELL);
        };
        BigDecimal filled = decimal(o.path("accFillSz"));
        return new Order(instId + "," + o.path("ordId").asText(), symbol.toString(), decimal(o.path("sz")),
                decimal(o.path("px")), filled, decimal(o.path("avgPx")), side.word(),
                OkxMapper.status(o.path("state").asText(), filled.signum() > 0), symbol.contract());
    }

    /** What a call's symbol keeps of a listing: a range's contracts, or all (one contract is asked by instId). */
    private static Predicate<FmzSymbol> inRange(FmzRequest request) {
        String symbol = request.param("symbol");
        if (symbol != null && ContractRange.isRange(symbol)) {
            ContractRange range = ContractRange.parse(symbol);
            return range::contains;
        }
        return any -> true;
    }

    private static boolean isContract(JsonNode item) {
        String instType = item.path("instType").asText();
        return instType.equals("SWAP") || instType.equals("FUTURES");
    }

    private static JsonNode first(JsonNode reply, String what) {
        JsonNode first = reply.path("data").path(0);
        if (first.isMissingNode()) {
            throw new FmzError("OKX returned no " + what);
        }
        return first;
    }
}
