package io.fmzbridge.fmz;

import java.util.Map;
import java.util.Set;

/**
 * The method names FMZ's docker sends (fmz-protocol.md §3) and the futures-only ones the bridge
 * answers (§8: {@code positions}, {@code marginlevel}, {@code fundings}, the legacy {@code io}, and
 * the settings {@code setdirection} and {@code setcontracttype} that the {@code io} envelope carries).
 * Where the bridge names calls in a closed vocabulary (metric tags), anything else a caller sends
 * is "other", and every {@code exchange.IO("api", …)} call, whatever its path, is "api".
 */
public final class FmzMethods {

    private static final Set<String> KNOWN = Set.of("ticker", "depth", "trades", "records", "tickers", "markets",
            "accounts", "assets", "trade", "order", "orders", "historyorders", "cancel",
            "positions", "marginlevel", "fundings", "io", "setdirection", "setcontracttype");

    /** The other spellings of the futures-only methods, and the canonical name each stands for. */
    private static final Map<String, String> FUTURES_ALIASES = Map.of(
            "position", "positions", "getposition", "positions", "getpositions", "positions",
            "setmarginlevel", "marginlevel", "getfundings", "fundings");

    private FmzMethods() {
    }

    public static String closedName(String method) {
        if (method == null) {
            return "other";
        }
        if (KNOWN.contains(method)) {
            return method;
        }
        if (FUTURES_ALIASES.containsKey(method)) {
            return FUTURES_ALIASES.get(method);
        }
        return method.startsWith(FmzRequest.API_PREFIX) ? "api" : "other";
    }

    /** Whether some exchange of the bridge answers this method (under this or its canonical name). */
    public static boolean isKnown(String method) {
        return method != null && (KNOWN.contains(method) || FUTURES_ALIASES.containsKey(method)
                || method.startsWith(FmzRequest.API_PREFIX));
    }

    /** A futures-only method's canonical name ({@code getposition} → {@code positions}); any other as it is. */
    public static String canonical(String method) {
        return FUTURES_ALIASES.getOrDefault(method, method);
    }
}
