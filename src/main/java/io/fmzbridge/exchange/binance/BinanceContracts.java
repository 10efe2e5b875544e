package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fmzbridge.fmz.ContractRange;
import io.fmzbridge.fmz.ContractType;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Market;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

import static io.fmzbridge.fmz.FmzJson.decimal;

/**
 * Binance's contracts as the two futures APIs list them ({@code GET /fapi/v1/exchangeInfo} for
 * USDⓈ-M, {@code GET /dapi/v1/exchangeInfo} for COIN-M), kept between calls: which symbol an FMZ
 * contract is, on which API, and back. FMZ's {@code BTC_USDT.swap} is the USDⓈ-M symbol whose
 * base and quote assets are BTC and USDT and whose {@code contractType} is PERPETUAL
 * ({@code BTCUSDT}); {@code BTC_USD.quarter} the COIN-M CURRENT_QUARTER one ({@code BTCUSD_250328}).
 * Reloaded, as {@link io.fmzbridge.exchange.okx.OkxContracts OKX's} are, when empty or old, when a
 * call names a contract they lack or holds it past its delivery, at most every minimum interval.
 */
public final class BinanceContracts {

    /** The variable the futures route enriches the book into. */
    public static final String VARIABLE = "binanceContracts";

    /** Binance's two futures APIs, twins under different roots. */
    public enum Api {
        /** USDⓈ-M: quantity in base asset. */
        USDM("/fapi/"),
        /** COIN-M: quantity in contracts. */
        COINM("/dapi/");

        private final String root;

        Api(String root) {
            this.root = root;
        }

        /**
         * An endpoint of this API from its USDⓈ-M form: {@code GET /fapi/v2/positionRisk} is COIN-M's
         * {@code GET /dapi/v1/positionRisk}; every COIN-M endpoint the bridge uses is version 1.
         */
        public String endpoint(String usdmEndpoint) {
            if (this == USDM) {
                return usdmEndpoint;
            }
            return usdmEndpoint.replaceFirst(" /fapi/v\\d+/", " /dapi/v1/");
        }
    }

    /** Binance's contract types → FMZ's; the *_DELIVERING ones are not tradable and have none. */
    private static final Map<String, ContractType> TYPES = Map.of(
            "PERPETUAL", ContractType.SWAP, "CURRENT_QUARTER", ContractType.QUARTER,
            "NEXT_QUARTER", ContractType.NEXT_QUARTER, "CURRENT_MONTH", ContractType.THIS_MONTH,
            "NEXT_MONTH", ContractType.NEXT_MONTH);

    /** One Binance contract with its FMZ symbol and rules. */
    public record Contract(String symbol, Api api, FmzSymbol fmzSymbol, String contractType, long deliveryDate,
                           BigDecimal contractSize, String marginAsset, BigDecimal tickSize, BigDecimal stepSize,
                           BigDecimal minQty, BigDecimal maxQty, BigDecimal minNotional) {

        public boolean perpetual() {
            return contractType.equals("PERPETUAL");
        }

        /**
         * FMZ's market: sizes in the API's quantity (base asset on USDⓈ-M, contracts on COIN-M);
         * {@code ctVal} is COIN-M's contract size in USD and 1 base asset on USDⓈ-M. Binance's
         * exchangeInfo gives no maximum leverage (that is per account, in leverageBracket).
         */
        public Market market() {
            boolean coin = api == Api.COINM;
            return Market.contract(fmzSymbol.toString(), fmzSymbol.base(), fmzSymbol.quote(), tickSize, stepSize, minQty,
                    maxQty, minNotional, coin ? contractSize : BigDecimal.ONE, coin ? fmzSymbol.quote() : fmzSymbol.base(),
                    fmzSymbol.contract(), perpetual() ? null : deliveryDate, null);
        }
    }

    /** One load of both lists: immutable, replaced whole. */
    public record Book(Map<String, Contract> bySymbol, Map<String, Contract> byFmzSymbol, List<JsonNode> raw, Instant at) {

        static final Book EMPTY = new Book(Map.of(), Map.of(), List.of(), Instant.EPOCH);

        public Contract contract(FmzSymbol symbol) {
            ContractType type = ContractType.parse(symbol.contract());
            Contract contract = byFmzSymbol.get(symbol.toString());
            if (contract == null) {
                throw new FmzError("Binance lists no contract " + symbol + " (" + listed(symbol, type) + ")");
            }
            if (!contract.perpetual() && contract.deliveryDate() <= System.currentTimeMillis()) {
                throw new FmzError(symbol + " (" + contract.symbol() + ") was delivered at "
                        + Instant.ofEpochMilli(contract.deliveryDate()) + " and Binance lists no later one yet");
            }
            return contract;
        }

        /** The contract a reply names by its Binance symbol. */
        public Contract bySymbol(String symbol) {
            Contract contract = bySymbol.get(symbol);
            if (contract == null) {
                throw new FmzError("Binance symbol '" + FmzSymbol.printable(symbol)
                        + "' is not among the contracts Binance lists now");
            }
            return contract;
        }

        public Collection<Contract> contracts() {
            return byFmzSymbol.values();
        }

        private String listed(FmzSymbol symbol, ContractType type) {
            List<String> types = byFmzSymbol.values().stream()
                    .filter(c -> c.fmzSymbol().base().equals(symbol.base()) && c.fmzSymbol().quote().equals(symbol.quote()))
                    .map(c -> c.fmzSymbol().contract()).sorted().toList();
            return types.isEmpty() ? "none of " + symbol.base() + "_" + symbol.quote()
                    : "its contract types for " + symbol.base() + "_" + symbol.quote() + ": " + String.join(", ", types);
        }
    }

    private final Duration minReloadInterval;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Book current = Book.EMPTY;
    private volatile Instant lastAttempt = Instant.EPOCH;

    public BinanceContracts(long minReloadIntervalMs, long maxAgeMs) {
        this(Duration.ofMillis(minReloadIntervalMs), Duration.ofMillis(maxAgeMs), Clock.systemUTC());
    }

    BinanceContracts(Duration minReloadInterval, Duration maxAge, Clock clock) {
        this.minReloadInterval = minReloadInterval;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Whether the call in hand needs a fresher copy (see the class comment); a yes counts as an attempt. */
    public boolean needsReload(@ExchangeProperty("fmz") FmzRequest request) {
        Book book = current;
        Instant now = clock.instant();
        boolean due = book.bySymbol().isEmpty() || book.at().plus(maxAge).isBefore(now)
                || (lacksOrDelivered(book, request, now) && !now.isBefore(lastAttempt.plus(minReloadInterval)));
        if (due) {
            lastAttempt = now;
        }
        return due;
    }

    /** Loads the two lists: USDⓈ-M's in the variable, COIN-M's in the body. */
    public void load(@Variable("binanceUsdmInfo") JsonNode usdm, JsonNode coinm) {
        Map<String, Contract> bySymbol = new LinkedHashMap<>();
        Map<String, Contract> byFmzSymbol = new HashMap<>();
        for (Api api : Api.values()) {
            for (JsonNode s : (api == Api.USDM ? usdm : coinm).path("symbols")) {
                Contract contract = contract(s, api);
                if (contract != null) {
                    bySymbol.put(contract.symbol(), contract);
                    byFmzSymbol.putIfAbsent(contract.fmzSymbol().toString(), contract);
                }
            }
        }
        current = new Book(Map.copyOf(bySymbol), Map.copyOf(byFmzSymbol), List.of(usdm, coinm), clock.instant());
    }

    /** A failed reload: the copy in hand serves on if there is one. */
    public void reloadFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) throws Exception {
        if (current.bySymbol().isEmpty()) {
            throw failure;
        }
    }

    public Book current() {
        return current;
    }

    /**
     * A trading contract of one of FMZ's contract types, with the rules of its PRICE_FILTER,
     * LOT_SIZE and (USDⓈ-M) MIN_NOTIONAL filters; null for any other. USDⓈ-M names its state
     * {@code status}, COIN-M {@code contractStatus}.
     */
    private static Contract contract(JsonNode s, Api api) {
        String status = s.path(api == Api.USDM ? "status" : "contractStatus").asText(s.path("status").asText(""));
        ContractType type = TYPES.get(s.path("contractType").asText(""));
        String base = s.path("baseAsset").asText("");
        String quote = s.path("quoteAsset").asText("");
        if (!status.equals("TRADING") || type == null || base.isEmpty() || quote.isEmpty()) {
            return null;
        }
        JsonNode price = filter(s, "PRICE_FILTER");
        JsonNode lot = filter(s, "LOT_SIZE");
        return new Contract(s.path("symbol").asText(), api,
                new FmzSymbol(base.toUpperCase(Locale.ROOT), quote.toUpperCase(Locale.ROOT), type.code()),
                s.path("contractType").asText(), s.path("deliveryDate").asLong(0), decimal(s.path("contractSize")),
                s.path("marginAsset").asText(), decimal(price.path("tickSize")), decimal(lot.path("stepSize")),
                decimal(lot.path("minQty")), decimal(lot.path("maxQty")), decimal(filter(s, "MIN_NOTIONAL").path("notional")));
    }

    private static JsonNode filter(JsonNode symbol, String type) {
        for (JsonNode f : symbol.path("filters")) {
            if (f.path("filterType").asText().equals(type)) {
                return f;
            }
        }
        return MissingNode.getInstance();
    }

    private static boolean lacksOrDelivered(Book book, FmzRequest request, Instant now) {
        String text = request.param("symbol");
        if (text == null || text.indexOf('.') < 0 || ContractRange.isRange(text)) {
            return false;
        }
        FmzSymbol symbol;
        try {
            symbol = FmzSymbol.parse(text);
        } catch (FmzError malformed) {
            return false; // said to the caller where the symbol is read
        }
        Contract contract = book.byFmzSymbol().get(symbol.toString());
        return contract == null || (!contract.perpetual() && contract.deliveryDate() <= now.toEpochMilli());
    }
}
