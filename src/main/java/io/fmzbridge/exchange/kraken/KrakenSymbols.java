package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ServerErrors;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's copy of Kraken's pair and asset names, kept between calls (the {@code kraken-symbols}
 * route enriches each call with it). It is fetched on first use, and again when FMZ asks for a symbol
 * the copy lacks (a new listing), at most once per minimum interval so a symbol Kraken does not list
 * cannot cost two listing calls on every request.
 */
public final class KrakenSymbols {

    /** Exchange property the route keeps the AssetPairs result in while Assets is fetched. */
    static final String ASSET_PAIRS = "krakenAssetPairs";

    private static final Logger LOG = LoggerFactory.getLogger(KrakenSymbols.class);

    private final Duration minReloadInterval;
    private final Clock clock;
    private volatile KrakenSymbolMap current = KrakenSymbolMap.EMPTY;
    private volatile Instant lastAttempt = Instant.EPOCH;

    public KrakenSymbols(long minReloadIntervalMs) {
        this(Duration.ofMillis(minReloadIntervalMs), Clock.systemUTC());
    }

    KrakenSymbols(Duration minReloadInterval, Clock clock) {
        this.minReloadInterval = minReloadInterval;
        this.clock = clock;
    }

    /** Whether the names must be (re)loaded for this FMZ request; a yes counts as an attempt. */
    public boolean needsReload(@ExchangeProperty("fmz") FmzRequest request) {
        KrakenSymbolMap map = current;
        Instant now = clock.instant();
        boolean due = map.isEmpty() || (asksForUnknown(request, map) && !now.isBefore(lastAttempt.plus(minReloadInterval)));
        if (due) {
            lastAttempt = now;
        }
        return due;
    }

    /** Route step: the Assets result in the body, the AssetPairs result kept before. */
    public KrakenSymbolMap load(@ExchangeProperty(ASSET_PAIRS) JsonNode assetPairs, @Body JsonNode assets) {
        current = KrakenSymbolMap.from(assetPairs.path("result"), assets.path("result"));
        return current;
    }

    /** A failed reload serves on with the names in hand; with none, the call cannot be answered. */
    public void reloadFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        // the listing's server error is no mark on the call it was loaded for
        exchange.removeProperty(ServerErrors.STATUS_PROPERTY);
        String reason = reason(failure);
        if (current.isEmpty()) {
            throw new FmzError("Kraken's pair list (GET /0/public/AssetPairs, /0/public/Assets) could not be loaded: " + reason);
        }
        LOG.warn("Kraken pair list reload failed, serving on with the {} pairs known: {}", current.bySymbol().size(), reason);
    }

    public KrakenSymbolMap current() {
        return current;
    }

    private static boolean asksForUnknown(FmzRequest request, KrakenSymbolMap map) {
        if (request == null || !request.hasSymbol() || request.isApiCall()) {
            return false;
        }
        try {
            FmzSymbol symbol = request.symbol();
            return symbol.isSpot() && !map.knows(symbol);
        } catch (FmzError malformed) {
            return false; // the request builder reports it
        }
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
}
