package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One limit an exchange documents, as declared: its figure, how it is counted (the model) and whose
 * calls one counter holds (the {@link LimitScope}). Two models:
 * <ul>
 * <li>{@code 6000/60000 per ip}: at most 6000 (calls, or cost units such as Binance's request weight)
 * in any span of 60000 ms, counted by {@link RollingWindow};</li>
 * <li>{@code bucket 15 decay 0.33/1000 per key}: a counter the exchange raises by each call's cost and
 * lowers by 0.33 per 1000 ms, refused above 15 (Kraken), counted by {@link DecayingCounter}.</li>
 * </ul>
 * The scope may be left out where the caller's own is meant (see {@link LimitScope}).
 *
 * @param name     what the limit is called: its property's last part ({@code weight}), or the endpoint
 *                 for an endpoint's own limit; the metric's {@code limit} label
 * @param declared the declaration as written, for messages
 * @param source   where it is declared, for messages: {@code fmz.exchange.binance.limits.weight}
 * @param scope    null for the caller's own (an endpoint limit or a plain limit without one)
 */
record RateLimit(String name, String declared, String source, Model model, long figure, long periodMs,
                 BigDecimal decay, LimitScope scope) {

    enum Model { WINDOW, BUCKET }

    /**
     * One signed call per key under way at a time, for schemes whose exchange refuses a nonce not above
     * the key's last (Kraken, Bitfinex): held from the call's sending until its reply, taken together with
     * the call's limits so that they count it from when it is sent. Not a rate limit: it applies with limits
     * switched off, and a call waits for it even where a call over a limit would be refused.
     */
    static final RateLimit NONCE_TURN = new RateLimit("nonce turn", "1 call under way per key", "the key's nonce order",
            Model.WINDOW, 1, 0, null, LimitScope.KEY);

    /** Where an exchange's plain limit is set, as refusals name it. */
    static final String PLAIN_SOURCE = "fmz.exchange.<id>.rate-limit";

    private static final Pattern WINDOW = Pattern.compile("(\\d{1,12})\\s*/\\s*(\\d{1,12})(?:\\s+per\\s+(\\S+))?");
    private static final Pattern BUCKET = Pattern.compile(
            "bucket\\s+(\\d{1,12})\\s+decay\\s+(\\d{1,9}(?:\\.\\d{1,9})?)\\s*/\\s*(\\d{1,12})(?:\\s+per\\s+(\\S+))?");

    /**
     * Reads a declaration, or says what it should read.
     *
     * @param what how the declaration is named in the error: "fmz.exchange.okx.limits.orders",
     *             "endpointLimit of GET /api/v5/account/balance"
     */
    static RateLimit parse(String name, String declared, String source, String what) {
        String text = declared.trim().toLowerCase(Locale.ROOT);
        Matcher window = WINDOW.matcher(text);
        Matcher bucket = BUCKET.matcher(text);
        RateLimit limit = null;
        if (window.matches()) {
            limit = new RateLimit(name, declared.trim(), source, Model.WINDOW, Long.parseLong(window.group(1)),
                    Long.parseLong(window.group(2)), null, scope(window.group(3), what, declared));
        } else if (bucket.matches()) {
            limit = new RateLimit(name, declared.trim(), source, Model.BUCKET, Long.parseLong(bucket.group(1)),
                    Long.parseLong(bucket.group(3)), new BigDecimal(bucket.group(2)), scope(bucket.group(4), what, declared));
        }
        if (limit == null || limit.figure <= 0 || limit.periodMs <= 0
                || limit.model == Model.BUCKET && (limit.figure < 2 || limit.decay.signum() <= 0)) {
            throw new FmzError(what + " must read <calls>/<period in ms> or bucket <max> decay <amount>/<period in ms>, "
                    + "then per ip, key, key+symbol, ip+symbol or public where the caller's own scope is not meant, all positive "
                    + "(10/2000 per ip; bucket 15 decay 0.33/1000 per key), not " + declared);
        }
        return limit;
    }

    private static LimitScope scope(String word, String what, String declared) {
        if (word == null) {
            return null;
        }
        LimitScope scope = LimitScope.of(word);
        if (scope == null) {
            throw new FmzError(what + ": the scope must be ip, key, key+symbol, ip+symbol or public, not '" + word + "' in " + declared);
        }
        return scope;
    }

    /** An exchange's plain limit, {@code fmz.exchange.<id>.rate-limit} calls per {@code .rate-period-ms}, for every call. */
    static RateLimit plain(String exchangeId, long calls, long periodMs, boolean perIp) {
        if (calls <= 0 || periodMs <= 0) {
            throw new FmzError("the rate limit of " + exchangeId + " must be positive: " + calls + " per " + periodMs + " ms");
        }
        return new RateLimit("calls", calls + "/" + periodMs, PLAIN_SOURCE, Model.WINDOW, calls, periodMs,
                null, perIp ? LimitScope.IP : null);
    }

    /**
     * Spent by a call whose endpoint declares nothing: without a scope, every call (the caller's own
     * counter); else as its scope says ({@link LimitScope#countsByDefault}).
     */
    boolean countsByDefault(LimitScope.Caller caller) {
        return scope == null || scope.countsByDefault(caller);
    }

    /**
     * Counts this kind of call at all, for an exchange's default cost: a key's limit signed calls, the
     * public limit unsigned ones, the others every call.
     */
    boolean counts(LimitScope.Caller caller) {
        return scope == null || scope == LimitScope.IP || scope == LimitScope.IP_SYMBOL
                || (scope == LimitScope.PUBLIC ? !caller.signed() : caller.signed());
    }

    /** The most one call may cost: more could never be let through. */
    long capacity() {
        return model == Model.WINDOW ? figure : DecayingCounter.capacityBelow(figure);
    }

    LimitCounter newCounter(LongSupplier nanoClock) {
        if (model == Model.WINDOW) {
            // periodMs 0 (the nonce turn): held only while under way
            return new RollingWindow(figure, Duration.ofMillis(periodMs).toNanos());
        }
        // decay per period as whole tokens per a longer period: 0.33 per 1000 ms is 33 per 100000 ms
        BigDecimal tokens = decay.stripTrailingZeros();
        int scale = Math.max(0, tokens.scale());
        BigInteger perPeriod = tokens.movePointRight(scale).toBigIntegerExact();
        BigInteger periodNanos = BigInteger.valueOf(Duration.ofMillis(periodMs).toNanos()).multiply(BigInteger.TEN.pow(scale));
        BigInteger common = perPeriod.gcd(periodNanos);
        return new DecayingCounter(figure, perPeriod.divide(common).longValueExact(),
                Duration.ofNanos(periodNanos.divide(common).longValueExact()), nanoClock);
    }

    /** How the limit is named in a refusal: "the bridge's limit weight for this exchange (6000 per 60000 ms per ip)". */
    String phrase() {
        if (source.equals(PLAIN_SOURCE)) {
            return "the bridge's rate limit for this exchange";
        }
        String figures = model == Model.BUCKET
                ? "at most " + figure + ", less " + decay.toPlainString() + " per " + periodMs + " ms"
                : source.equals(EndpointLimit.SOURCE)
                ? figure + (figure == 1 ? " call" : " calls") + " per " + periodMs + " ms" // one call each
                : figure + " per " + periodMs + " ms";
        String per = scope == null ? "" : " per " + scope.word;
        return source.equals(EndpointLimit.SOURCE) ? "the bridge's limit for " + name + " (" + figures + per + ")"
                : "the bridge's limit " + name + " for this exchange (" + figures + per + ")";
    }

    @Override
    public String toString() {
        return name + " = " + declared;
    }
}
