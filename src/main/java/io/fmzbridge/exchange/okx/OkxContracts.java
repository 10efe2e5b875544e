package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

import static io.fmzbridge.fmz.FmzJson.decimal;

/**
 * OKX's contracts as {@code GET /api/v5/public/instruments} lists them for {@code SWAP} and
 * {@code FUTURES}, kept between calls: which instrument an FMZ contract symbol is, and back. A
 * perpetual is {@code <instFamily>-SWAP} ({@code BTC_USDT.swap} → {@code BTC-USDT-SWAP}); a delivery
 * contract is found by its instrument family and alias ({@code BTC_USD.quarter} → the
 * {@code BTC-USD} future whose alias is {@code quarter}, e.g. {@code BTC-USD-250328}). The
 * {@code okx-contracts} route asks {@link #needsReload} with the call in hand and loads both lists
 * when the copy is empty or old, lacks the symbol, or holds a contract past its expiry; a minimum
 * interval keeps an unknown symbol from costing a reload on every call.
 */
public final class OkxContracts {

    /** The variable the futures route enriches the book into. */
    public static final String VARIABLE = "okxContracts";

    private static final Pattern DELIVERY_ID = Pattern.compile("([A-Z0-9]+)-([A-Z0-9]+)-\\d{6}");
    private static final Pattern SWAP_ID = Pattern.compile("([A-Z0-9]+)-([A-Z0-9]+)-SWAP");

    /** One contract of OKX's lists, with its FMZ symbol. */
    public record Contract(String instId, String instType, FmzSymbol symbol, String settleCcy, String ctType,
                           BigDecimal ctVal, String ctValCcy, BigDecimal tickSz, BigDecimal lotSz, BigDecimal minSz,
                           BigDecimal maxLmtSz, BigDecimal maxMktSz, BigDecimal lever, Long expTime, String state) {

        public boolean perpetual() {
            return instType.equals("SWAP");
        }

        /** FMZ's market for the contract: sizes in contracts, as OKX counts them. */
        public Market market() {
            return Market.contract(symbol.toString(), symbol.base(), symbol.quote(), tickSz, lotSz, minSz, maxLmtSz,
                    BigDecimal.ZERO, ctVal, ctValCcy, symbol.contract(), perpetual() ? null : expTime,
                    lever.signum() > 0 ? lever : null);
        }
    }

    /** One load of both lists: immutable, replaced whole. */
    public record Book(Map<String, Contract> byInstId, Map<String, Contract> bySymbol, List<JsonNode> raw, Instant at) {

        static final Book EMPTY = new Book(Map.of(), Map.of(), List.of(), Instant.EPOCH);

        /** The contract an FMZ contract symbol names, or a clear error. */
        public Contract contract(FmzSymbol symbol) {
            ContractType.parse(symbol.contract()); // an unknown code is the caller's mistake, said as such
            Contract contract = bySymbol.get(symbol.toString());
            if (contract == null) {
                throw new FmzError("OKX lists no contract " + symbol + " (" + (symbol.contract().equals("swap")
                        ? "no perpetual " + symbol.join("-") + "-SWAP" : "no " + symbol.join("-") + " future with alias "
                        + symbol.contract()) + ")");
            }
            if (contract.expTime() != null && !contract.perpetual() && contract.expTime() <= System.currentTimeMillis()) {
                throw new FmzError(symbol + " (" + contract.instId() + ") expired at " + Instant.ofEpochMilli(contract.expTime())
                        + " and OKX lists no later one yet");
            }
            return contract;
        }

        /** The FMZ symbol of an instrument a reply names; for one no longer listed, from its ID. */
        public FmzSymbol symbolOf(String instId) {
            Contract contract = byInstId.get(instId);
            if (contract != null) {
                return contract.symbol();
            }
            Matcher swap = SWAP_ID.matcher(instId);
            if (swap.matches()) {
                return new FmzSymbol(swap.group(1), swap.group(2), ContractType.SWAP.code());
            }
            Matcher delivery = DELIVERY_ID.matcher(instId);
            if (delivery.matches()) {
                // delivered or not yet listed: OKX no longer names its alias, so only its kind is known
                return new FmzSymbol(delivery.group(1), delivery.group(2), "futures");
            }
            throw new FmzError("OKX named the instrument '" + FmzSymbol.printable(instId) + "', which is not a contract");
        }

        public Collection<Contract> contracts() {
            return byInstId.values();
        }
    }

    private final Duration minReloadInterval;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Book current = Book.EMPTY;
    private volatile Instant lastAttempt = Instant.EPOCH;

    public OkxContracts(long minReloadIntervalMs, long maxAgeMs) {
        this(Duration.ofMillis(minReloadIntervalMs), Duration.ofMillis(maxAgeMs), Clock.systemUTC());
    }

    OkxContracts(Duration minReloadInterval, Duration maxAge, Clock clock) {
        this.minReloadInterval = minReloadInterval;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * Whether the call in hand needs a fresher copy: none yet, one older than the maximum age, or (no
     * more often than the minimum interval) one that lacks the contract the call names or holds it
     * past its expiry. A yes counts as a reload attempt.
     */
    public boolean needsReload(@ExchangeProperty("fmz") FmzRequest request) {
        Book book = current;
        Instant now = clock.instant();
        boolean due = book.byInstId().isEmpty() || book.at().plus(maxAge).isBefore(now)
                || (lacksOrExpired(book, request, now) && !now.isBefore(lastAttempt.plus(minReloadInterval)));
        if (due) {
            lastAttempt = now;
        }
        return due;
    }

    /** Loads the two lists: {@code SWAP} in the variable, {@code FUTURES} in the body. */
    public void load(@Variable("okxSwapInstruments") JsonNode swaps, JsonNode futures) {
        Map<String, Contract> byInstId = new LinkedHashMap<>();
        Map<String, Contract> bySymbol = new HashMap<>();
        Map<String, String> aliases = DeliveryCalendar.aliases(futures.path("data"));
        for (JsonNode list : List.of(swaps, futures)) {
            for (JsonNode i : list.path("data")) {
                Contract contract = contract(i, aliases);
                if (contract != null) {
                    byInstId.put(contract.instId(), contract);
                    bySymbol.putIfAbsent(contract.symbol().toString(), contract);
                }
            }
        }
        current = new Book(Map.copyOf(byInstId), Map.copyOf(bySymbol), List.of(swaps, futures), clock.instant());
    }

    /** A failed reload: the copy in hand serves on if there is one. */
    public void reloadFailed(@ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception failure)
            throws Exception {
        if (current.byInstId().isEmpty()) {
            throw failure;
        }
    }

    public Book current() {
        return current;
    }

    /** A live (or soon live) contract with its FMZ symbol; null for what FMZ cannot name (options, odd aliases). */
    private static Contract contract(JsonNode i, Map<String, String> aliases) {
        String instId = i.path("instId").asText("");
        String instType = i.path("instType").asText("");
        String family = i.path("instFamily").asText(i.path("uly").asText(""));
        int dash = family.indexOf('-');
        if (instId.isEmpty() || dash <= 0 || dash != family.lastIndexOf('-')) {
            return null;
        }
        String contractCode;
        if (instType.equals("SWAP")) {
            contractCode = ContractType.SWAP.code();
        } else if (instType.equals("FUTURES") && aliases.containsKey(instId)) {
            contractCode = aliases.get(instId);
        } else {
            return null;
        }
        String exp = i.path("expTime").asText("");
        return new Contract(instId, instType, new FmzSymbol(family.substring(0, dash), family.substring(dash + 1),
                contractCode), i.path("settleCcy").asText(), i.path("ctType").asText(), decimal(i.path("ctVal")),
                i.path("ctValCcy").asText(), decimal(i.path("tickSz")), decimal(i.path("lotSz")),
                decimal(i.path("minSz")), decimal(i.path("maxLmtSz")), decimal(i.path("maxMktSz")),
                decimal(i.path("lever")), exp.matches("\\d{1,19}") ? Long.valueOf(exp) : null, i.path("state").asText());
    }

    private static boolean lacksOrExpired(Book book, FmzRequest request, Instant now) {
        FmzSymbol symbol;
        try {
            String text = request.param("symbol");
            if (text == null || text.indexOf('.') < 0 || io.fmzbridge.fmz.ContractRange.isRange(text)) {
                return false;
            }
            symbol = FmzSymbol.parse(text);
        } catch (FmzError malformed) {
            return false; // said to the caller where the symbol is read
        }
        Contract contract = book.bySymbol().get(symbol.toString());
        return contract == null || (contract.expTime() != null && contract.expTime() <= now.toEpochMilli());
    }
}
