package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's copy of Binance's symbol list, kept between calls: exchangeInfo weighs 20 and runs to
 * megabytes, while a symbol's base and quote asset never change. The {@code binance-symbols} route asks
 * {@link #needsReload} with the reply about to be mapped, fetches exchangeInfo only when that reply
 * names a symbol the copy lacks (the first call, a new listing), and hands the result to {@link #load}.
 * A minimum interval between reloads keeps a symbol that exchangeInfo does not list from costing a
 * reload on every call.
 */
public final class BinanceSymbols {

    private final Duration minReloadInterval;
    private final Clock clock;
    private volatile BinanceSymbolMap current = BinanceSymbolMap.EMPTY;
    private volatile Instant loadedAt = Instant.EPOCH;

    public BinanceSymbols(long minReloadIntervalMs) {
        this(Duration.ofMillis(minReloadIntervalMs), Clock.systemUTC());
    }

    BinanceSymbols(Duration minReloadInterval, Clock clock) {
        this.minReloadInterval = minReloadInterval;
        this.clock = clock;
    }

    /** Whether the reply (an object or an array of objects with {@code symbol}) needs a fresher map. */
    public boolean needsReload(JsonNode reply) {
        BinanceSymbolMap map = current;
        if (map.isEmpty()) {
            return true;
        }
        boolean missing = symbolsIn(reply).stream().anyMatch(symbol -> !map.knows(symbol));
        return missing && !clock.instant().isBefore(loadedAt.plus(minReloadInterval));
    }

    public void load(JsonNode exchangeInfo) {
        current = BinanceSymbolMap.from(exchangeInfo);
        loadedAt = clock.instant();
    }

    public BinanceSymbolMap current() {
        return current;
    }

    private static List<String> symbolsIn(JsonNode reply) {
        List<String> symbols = new ArrayList<>();
        if (reply == null) {
            return symbols;
        }
        if (reply.isArray()) {
            reply.forEach(item -> addSymbol(item, symbols));
        } else {
            addSymbol(reply, symbols);
        }
        return symbols;
    }

    private static void addSymbol(JsonNode item, List<String> symbols) {
        String symbol = item.path("symbol").asText("");
        if (!symbol.isEmpty()) {
            symbols.add(symbol);
        }
    }
}
