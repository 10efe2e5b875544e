package io.fmzbridge.declarative;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.Market;
import java.math.BigDecimal;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Where FMZ's market rules are in the exchange's list of pairs: {@code list} points at the rows;
 * {@code base} and {@code quote} name the currencies; {@code symbol} is the pair as the exchange
 * spells it, learned so that lists which give only that ({@code tickers}, orders of every market) can
 * be read back. The price step is {@code tick}, or 10^-{@code pricePrecision} where the exchange gives
 * decimals instead; the amount step is {@code lot} or 10^-{@code amountPrecision}. Minimums and
 * maximums left undeclared read 0 (no rule). With {@code status} and {@code trading} declared, only
 * rows whose status is one of the trading words are markets. These rules feed {@code GetMarkets} and
 * the pre-trade checks ({@link io.fmzbridge.call.MarketRules}).
 */
public final class MarketFields {

    private JsonPointer list;
    private ReplyField symbol;
    private ReplyField base;
    private ReplyField quote;
    private ReplyField tick;
    private ReplyField lot;
    private ReplyField pricePrecision;
    private ReplyField amountPrecision;
    private ReplyField minQty;
    private ReplyField maxQty;
    private ReplyField minNotional;
    private ReplyField maxNotional;
    private ReplyField status;
    private Set<String> trading = Set.of();

    /** FMZ's markets by symbol; {@code learn} hears each row's spelling of its pair. */
    Map<String, Market> read(JsonNode reply, BiConsumer<String, FmzSymbol> learn) {
        String missing = list == null ? "list" : base == null ? "base" : quote == null ? "quote"
                : tick == null && pricePrecision == null ? "tick (or pricePrecision)"
                : lot == null && amountPrecision == null ? "lot (or amountPrecision)" : null;
        if (missing != null) {
            throw new FmzError("markets." + missing + " is not declared in the exchange's route file");
        }
        JsonNode rows = ReplyField.part(reply, list, "markets");
        Map<String, Market> markets = new LinkedHashMap<>();
        for (JsonNode row : rows.isArray() ? rows : java.util.List.of(rows)) {
            if (status != null && !trading.contains(status.text(row).toLowerCase(Locale.ROOT))) {
                continue;
            }
            String baseAsset = base.text(row).toUpperCase(Locale.ROOT);
            String quoteAsset = quote.text(row).toUpperCase(Locale.ROOT);
            FmzSymbol pair = FmzSymbol.parse(baseAsset + "_" + quoteAsset);
            if (symbol != null) {
                learn.accept(symbol.text(row), pair);
            }
            BigDecimal tickSize = tick != null ? tick.decimal(row) : step(pricePrecision, row);
            BigDecimal amountSize = lot != null ? lot.decimal(row) : step(amountPrecision, row);
            markets.put(pair.toString(), new Market(pair.toString(), baseAsset, quoteAsset, tickSize, amountSize,
                    pricePrecision != null ? decimals(pricePrecision, row) : Market.decimalsOf(tickSize),
                    amountPrecision != null ? decimals(amountPrecision, row) : Market.decimalsOf(amountSize),
                    optional(minQty, row), optional(maxQty, row), optional(minNotional, row), optional(maxNotional, row)));
        }
        return markets;
    }

    private static BigDecimal step(ReplyField precision, JsonNode row) {
        return BigDecimal.ONE.movePointLeft(decimals(precision, row));
    }

    private static int decimals(ReplyField precision, JsonNode row) {
        BigDecimal value = precision.decimal(row);
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(30)) > 0 || value.stripTrailingZeros().scale() > 0) {
            throw new FmzError("reply has '" + value.toPlainString() + "' for a precision where a whole number of decimals belongs");
        }
        return value.intValueExact();
    }

    private static BigDecimal optional(ReplyField field, JsonNode row) {
        return field == null ? BigDecimal.ZERO : field.decimal(row);
    }

    public void setList(String pointer) {
        list = ReplyField.compile("markets.list", pointer);
    }

    public void setSymbol(String pointer) {
        symbol = ReplyField.of("markets.symbol", pointer);
    }

    public void setBase(String pointer) {
        base = ReplyField.of("markets.base", pointer);
    }

    public void setQuote(String pointer) {
        quote = ReplyField.of("markets.quote", pointer);
    }

    public void setTick(String pointer) {
        tick = ReplyField.of("markets.tick", pointer);
    }

    public void setLot(String pointer) {
        lot = ReplyField.of("markets.lot", pointer);
    }

    public void setPricePrecision(String pointer) {
        pricePrecision = ReplyField.of("markets.pricePrecision", pointer);
    }

    public void setAmountPrecision(String pointer) {
        amountPrecision = ReplyField.of("markets.amountPrecision", pointer);
    }

    public void setMinQty(String pointer) {
        minQty = ReplyField.of("markets.minQty", pointer);
    }

    public void setMaxQty(String pointer) {
        maxQty = ReplyField.of("markets.maxQty", pointer);
    }

    public void setMinNotional(String pointer) {
        minNotional = ReplyField.of("markets.minNotional", pointer);
    }

    public void setMaxNotional(String pointer) {
        maxNotional = ReplyField.of("markets.maxNotional", pointer);
    }

    public void setStatus(String pointer) {
        status = ReplyField.of("markets.status", pointer);
    }

    /** The status words of a pair open for trading, comma-separated: {@code online}. */
    public void setTrading(String words) {
        trading = java.util.Arrays.stream(words.split(",")).map(w -> w.trim().toLowerCase(Locale.ROOT))
                .filter(w -> !w.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    boolean learnsSymbols() {
        return symbol != null;
    }

    List<String> missing() {
        List<String> missing = new java.util.ArrayList<>();
        if (list == null) missing.add("markets.list");
        if (base == null) missing.add("markets.base");
        if (quote == null) missing.add("markets.quote");
        if (tick == null && pricePrecision == null) missing.add("markets.tick (or markets.pricePrecision)");
        if (lot == null && amountPrecision == null) missing.add("markets.lot (or markets.amountPrecision)");
        return missing;
    }

    @Override
    public String toString() {
        return Vocabulary.of("markets", MarketFields.class);
    }
}
