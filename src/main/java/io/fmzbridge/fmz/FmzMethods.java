package io.fmzbridge.fmz;

import java.util.Set;

/**
 * The method names FMZ's docker sends (fmz-protocol.md §3). Where the bridge names calls in a
 * closed vocabulary (metric tags), anything else a caller sends is "other", and every
 * {@code exchange.IO("api", …)} call, whatever its path, is "api".
 */
public final class FmzMethods {

    private static final Set<String> KNOWN = Set.of("ticker", "depth", "trades", "records", "tickers", "markets",
            "accounts", "assets", "trade", "order", "orders", "historyorders", "cancel");

    private FmzMethods() {
    }

    public static String closedName(String method) {
        if (method == null) {
            return "other";
        }
        if (KNOWN.contains(method)) {
            return method;
        }
        return method.startsWith(FmzRequest.API_PREFIX) ? "api" : "other";
    }
}
