package io.fmzbridge.exchange.zerocap;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.Market;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.fmzbridge.exchange.zerocap.TolerantJson.first;
import static io.fmzbridge.exchange.zerocap.TolerantJson.firstText;
import static io.fmzbridge.fmz.FmzJson.decimal;

/**
 * {@code GET /orders/get_instruments} → FMZ markets. Zerocap does not document this reply either, so
 * it is read tolerantly (inferred): a list of instruments or a map keyed by symbol, possibly under a
 * wrapper, each instrument a bare symbol ({@code "USDT/AUD"}) or an object in ccxt's market shape
 * ({@code symbol, base, quote, precision.price/amount, limits.amount/cost.min/max}) or with flat
 * names ({@code tick_size, lot_size, min_amount, …}). Rules it does not carry read as 0.
 *
 * <p>A ccxt {@code precision} below 1 is a step ({@code 0.01}); a whole number is a count of
 * decimals ({@code 2} → {@code 0.01}), as in ccxt's decimal-places mode. Explicit tick and lot
 * sizes are always steps.
 */
final class ZerocapInstruments {

    private static final List<String> WRAPPERS = List.of("data", "instruments", "markets", "symbols", "result");
    private static final List<String> SYMBOL = List.of("symbol", "id", "name", "instrument", "instrument_name", "pair");
    private static final List<String> BASE = List.of("base", "base_asset", "baseAsset", "base_currency", "baseCurrency");
    private static final List<String> QUOTE = List.of("quote", "quote_asset", "quoteAsset", "quote_currency", "quoteCurrency");
    private static final List<String> TICK = List.of("tick_size", "tickSize", "price_increment", "price_tick", "price_step");
    private static final List<String> LOT = List.of("lot_size", "lotSize", "step_size", "amount_increment", "amount_step",
            "qty_step");
    private static final List<String> MIN_QTY = List.of("limits.amount.min", "min_amount", "min_qty", "min_size",
            "min_order_size", "minimum_amount");
    private static final List<String> MAX_QTY = List.of("limits.amount.max", "max_amount", "max_qty", "max_size",
            "max_order_size", "maximum_amount");
    private static final List<String> MIN_NOTIONAL = List.of("limits.cost.min", "min_notional", "min_cost");
    private static final List<String> MAX_NOTIONAL = List.of("limits.cost.max", "max_notional", "max_cost");

    private ZerocapInstruments() {
    }

    static Map<String, Market> read(JsonNode reply) {
        JsonNode root = TolerantJson.unwrap(reply, WRAPPERS);
        Map<String, Market> markets = new LinkedHashMap<>();
        if (root.isArray()) {
            for (JsonNode entry : root) {
                add(markets, market(entry, null));
            }
        } else if (root.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isObject() || field.getKey().contains("/")) {
                    add(markets, market(field.getValue(), field.getKey()));
                }
            }
        }
        if (markets.isEmpty() && !root.isEmpty()) {
            throw new FmzError("the instruments reply is " + TolerantJson.outline(reply) + ", a shape the bridge does"
                    + " not read (Zerocap does not document it); exchange.IO(\"api\", \"GET\","
                    + " \"/orders/get_instruments\") returns it as sent");
        }
        return markets;
    }

    private static void add(Map<String, Market> markets, Market market) {
        if (market != null) {
            markets.put(market.symbol(), market);
        }
    }

    /** Null when the entry names no pair the bridge can read. */
    private static Market market(JsonNode entry, String key) {
        String symbol = entry.isTextual() ? entry.asText().trim() : entry.isObject() ? firstText(entry, SYMBOL) : null;
        if ((symbol == null || symbol.isEmpty()) && key != null) {
            symbol = key;
        }
        String base = entry.isObject() ? firstText(entry, BASE) : null;
        String quote = entry.isObject() ? firstText(entry, QUOTE) : null;
        if ((base == null || quote == null) && symbol != null) {
            String[] pair = symbol.split("[/_-]");
            if (pair.length == 2) {
                base = pair[0];
                quote = pair[1];
            }
        }
        if (base == null || quote == null || base.isBlank() || quote.isBlank()) {
            return null;
        }
        base = base.trim().toUpperCase(Locale.ROOT);
        quote = quote.trim().toUpperCase(Locale.ROOT);
        BigDecimal tick = step(entry, "precision.price", TICK);
        BigDecimal lot = step(entry, "precision.amount", LOT);
        return new Market(base + "_" + quote, base, quote, tick, lot, Market.decimalsOf(tick), Market.decimalsOf(lot),
                amount(entry, MIN_QTY), amount(entry, MAX_QTY), amount(entry, MIN_NOTIONAL), amount(entry, MAX_NOTIONAL));
    }

    private static BigDecimal step(JsonNode entry, String precisionPath, List<String> explicit) {
        if (!entry.isObject()) {
            return BigDecimal.ZERO;
        }
        JsonNode size = first(entry, explicit);
        if (!size.isMissingNode()) {
            return decimal(size);
        }
        BigDecimal precision = decimal(first(entry, List.of(precisionPath)));
        if (precision.signum() <= 0 || precision.compareTo(BigDecimal.ONE) < 0) {
            return precision.max(BigDecimal.ZERO);
        }
        try {
            return BigDecimal.ONE.movePointLeft(precision.intValueExact());
        } catch (ArithmeticException e) {
            return precision; // a step above 1 with a fraction: take it as a step
        }
    }

    private static BigDecimal amount(JsonNode entry, List<String> names) {
        return entry.isObject() ? decimal(first(entry, names)) : BigDecimal.ZERO;
    }
}
