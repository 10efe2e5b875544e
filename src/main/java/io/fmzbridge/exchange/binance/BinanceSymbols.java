package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzError;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's copy of Binance's symbol list, kept between calls: exchangeInfo weighs 20 and runs to
 * megabytes, while a symbol's base and quote asset never change. The {@code binance-symbols} route asks
 * {@link #needsReload} with the reply about to be mapped, fetches exchangeInfo only when that reply
 * names a symbol the copy lacks (the first call, a new listing), and hands the result to {@link #load}.
 * A minimum interval between reload attempts keeps a symbol that exchangeInfo does not list, or an
 * exchangeInfo that keeps failing, from costing a reload on every call.
 */
public final class BinanceSymbols {

    private static final Logger LOG = LoggerFactory.getLogger(BinanceSymbols.class);

    private final Duration minReloadInterval;
    private final Clock clock;
    private volatile BinanceSymbolMap current = BinanceSymbolMap.EMPTY;
    private volatile Instant lastAttempt = Instant.EPOCH;

    public BinanceSymbols(long minReloadIntervalMs) {
        this(Duration.ofMillis(minReloadIntervalMs), Clock.systemUTC());
    }

    BinanceSymbols(Duration minReloadInterval, Clock clock) {
        this.minReloadInterval = minReloadInterval;
        this.clock = clock;
    }

    /**
     * Whether the reply (an object or an array of objects with {@code symbol}) needs a fresher map; a yes
     * counts as a reload attempt.
     */
    public boolean needsReload(JsonNode reply) {
        BinanceSymbolMap map = current;
        Instant now = clock.instant();
        boolean due = map.isEmpty()
                || (symbolsIn(reply).stream().anyMatch(symbol -> !map.knows(symbol))
                    && !now.isBefore(lastAttempt.plus(minReloadInterval)));
        if (due) {
            lastAttempt = now;
        }
        return due;
    }

    public void load(JsonNode exchangeInfo) {
        current = BinanceSymbolMap.from(exchangeInfo);
    }

    /**
     * A failed reload: the map in hand still names every symbol but the newest, so it serves on; with no
     * map at all, the call cannot be answered.
     */
    public void reloadFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        String reason = reason(failure);
        if (current.isEmpty()) {
            throw new FmzError("Binance's symbol list (GET /api/v3/exchangeInfo) could not be loaded: " + reason);
        }
        LOG.warn("Binance symbol list reload failed, serving on with the {} symbols known: {}", current.bySymbol().size(), reason);
    }

    public BinanceSymbolMap current() {
        return current;
    }

    private static String reason(Exception failure) {
        Throwable cause = failure;
        while (!(cause instanceof FmzError) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof FmzError) {
            return cause.getMessage();
        }
        if (cause instanceof SocketTimeoutException) {
            return "no reply in time";
        }
        if (cause instanceof IOException) {
            return "connection failed or lost (" + cause.getClass().getSimpleName() + ")";
        }
        return cause.getClass().getSimpleName();
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
