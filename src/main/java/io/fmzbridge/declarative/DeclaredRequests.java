package io.fmzbridge.declarative;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → an exchange's REST call, declared in the route file instead of written in Java.
 * The route names the endpoint with its parameters ({@link EndpointTemplate}); this bean knows how
 * the exchange spells a pair and its limits. It gives the same {@link RestCall} a Java request builder
 * would, so signers and the shared {@code exchange-call} leg work unchanged.
 *
 * <p>Placeholders: {@code {symbol}} the pair as the exchange spells it; {@code {depth}} the book
 * levels FMZ asked for (20 when it names none, at most {@code maxDepth}); {@code {limit}} FMZ's
 * {@code limit} (left out when 0 or absent, at most {@code maxLimit}); any other {@code {name}} is
 * FMZ's parameter of that name as sent.
 */
public final class DeclaredRequests {

    /** Book levels per side when FMZ names no limit. */
    public static final int DEFAULT_DEPTH = 20;

    private static final String ENDPOINT = "endpoint";

    private String symbolPattern = "{base}_{quote}";
    private boolean lowerCase;
    private long maxDepth = Long.MAX_VALUE;
    private long maxLimit = Long.MAX_VALUE;
    private final Map<String, EndpointTemplate> templates = new ConcurrentHashMap<>();

    public RestCall call(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        if (endpoint == null) {
            throw new FmzError("the route sets no 'endpoint' before its request step");
        }
        return templates.computeIfAbsent(endpoint, EndpointTemplate::parse).render(name -> value(name, request));
    }

    private String value(String name, FmzRequest request) {
        return switch (name) {
            case "symbol" -> spell(request.symbol());
            case "depth" -> Long.toString(Math.min(request.whole("limit", DEFAULT_DEPTH), maxDepth));
            case "limit" -> {
                long limit = request.whole("limit", 0);
                yield limit == 0 ? null : Long.toString(Math.min(limit, maxLimit));
            }
            default -> request.param(name);
        };
    }

    String spell(FmzSymbol symbol) {
        if (!symbol.isSpot()) {
            throw new FmzError("contract symbols like " + symbol + " are not served here; use a spot symbol like BTC_USDT");
        }
        String text = symbolPattern.replace("{base}", symbol.base()).replace("{quote}", symbol.quote());
        return lowerCase ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** How the exchange writes FMZ's {@code BTC_USDT}: {@code {base}-{quote}}, {@code {base}{quote}}, {@code t{base}{quote}}. */
    public void setSymbol(String pattern) {
        if (!pattern.contains("{base}") || !pattern.contains("{quote}")) {
            throw new IllegalArgumentException("symbol must name {base} and {quote}, like {base}-{quote}; got '" + pattern + "'");
        }
        this.symbolPattern = pattern;
    }

    /** {@code upper} (the default) or {@code lower}. */
    public void setSymbolCase(String symbolCase) {
        switch (symbolCase.trim().toLowerCase(Locale.ROOT)) {
            case "upper" -> lowerCase = false;
            case "lower" -> lowerCase = true;
            default -> throw new IllegalArgumentException("symbolCase must be upper or lower, not '" + symbolCase + "'");
        }
    }

    /** The most book levels the exchange serves in one call. */
    public void setMaxDepth(long maxDepth) {
        this.maxDepth = positive(maxDepth, "maxDepth");
    }

    /** The most rows (trades, bars, orders) the exchange serves in one call. */
    public void setMaxLimit(long maxLimit) {
        this.maxLimit = positive(maxLimit, "maxLimit");
    }

    private static long positive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }
}
