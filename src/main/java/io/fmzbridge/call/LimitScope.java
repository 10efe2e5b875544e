package io.fmzbridge.call;

/**
 * Whose calls one counter of a limit holds, as the exchange counts them, and which calls spend the
 * limit when their endpoint declares nothing:
 * <ul>
 * <li>{@code ip}: every call to the exchange from this bridge, one counter (Binance's request weight);</li>
 * <li>{@code key}: a counter per API key (Kraken's call counter, OKX's per-user-id limits), spent by
 * signed calls;</li>
 * <li>{@code key+symbol}: a counter per API key and instrument (Kraken's trading counter per pair, OKX's
 * order limits per instrument id), spent only where an endpoint declares it;</li>
 * <li>{@code ip+symbol}: a counter per instrument for every call from this bridge, whoever signs it (OKX's
 * "IP + Instrument ID", and "IP + Instrument Type" where the request builder names the type as the
 * call's instrument), spent only where an endpoint declares it;</li>
 * <li>{@code public}: the unsigned calls, one counter (an exchange's public calls per address).</li>
 * </ul>
 * An {@code endpointLimit} without a scope counts the caller's way: per key when signed, with the other
 * public calls when not; so does an exchange's plain limit ({@code fmz.exchange.<id>.rate-limit-per=key}).
 */
enum LimitScope {

    IP("ip"), KEY("key"), KEY_SYMBOL("key+symbol"), IP_SYMBOL("ip+symbol"), PUBLIC("public");

    /** What the declarations write: {@code per key+symbol}. */
    final String word;

    LimitScope(String word) {
        this.word = word;
    }

    static LimitScope of(String word) {
        for (LimitScope scope : values()) {
            if (scope.word.equals(word)) {
                return scope;
            }
        }
        return null;
    }

    /** Spent by an undeclared call of this kind. */
    boolean countsByDefault(Caller caller) {
        return switch (this) {
            case IP -> true;
            case KEY -> caller.signed();
            case PUBLIC -> !caller.signed();
            case KEY_SYMBOL, IP_SYMBOL -> false;
        };
    }

    /** The scope the call is counted in: a key's limit holds an unsigned call with the public ones. */
    static LimitScope effective(LimitScope declared, Caller caller) {
        LimitScope scope = declared == null ? KEY : declared;
        return scope == KEY && !caller.signed() ? PUBLIC : scope;
    }

    /** The counter of this scope the caller's call goes to. */
    String counterKey(Caller caller) {
        return switch (this) {
            case IP -> "ip";
            case PUBLIC -> "public";
            case KEY -> "key:" + caller.accessKey();
            case KEY_SYMBOL -> (caller.signed() ? "key:" + caller.accessKey() : "public") + " symbol:" + caller.symbol();
            case IP_SYMBOL -> "ip symbol:" + caller.symbol();
        };
    }

    /**
     * Who is calling, as far as limits care: the API key (null for an unsigned call, never logged or
     * measured) and the instrument the call is about, for limits counted per instrument.
     */
    record Caller(String accessKey, String symbol) {

        boolean signed() {
            return accessKey != null;
        }
    }
}
