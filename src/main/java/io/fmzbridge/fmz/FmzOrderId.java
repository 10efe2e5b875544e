package io.fmzbridge.fmz;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The order id the bridge gives FMZ, {@code <market>,<exchange order id>}, read back: most
 * exchanges need the market with every order query, so the id carries it and {@code order} and
 * {@code cancel} work from the id alone. A bare exchange id is accepted too. Each exchange says
 * what its two parts look like; anything else is one clear error naming an example.
 *
 * @param market the market part, null when the id was bare
 */
public record FmzOrderId(String market, String orderId) {

    /** Splits and checks an id whose market part is optional. */
    public static FmzOrderId split(String id, Predicate<String> orderIdFormat, Predicate<String> marketFormat,
                                   String example) {
        int comma = id.indexOf(',');
        String orderId = comma < 0 ? id : id.substring(comma + 1);
        String market = comma < 0 ? null : id.substring(0, comma);
        if (!orderIdFormat.test(orderId) || (market != null && !marketFormat.test(market))) {
            throw malformed(example);
        }
        return new FmzOrderId(market, orderId);
    }

    /**
     * Reads {@code params.id} for an exchange that needs the market: a bare id takes it from
     * {@code symbol}. The order id is checked first, so a bad id is reported as such.
     */
    public static FmzOrderId withMarket(FmzRequest request, Predicate<String> orderIdFormat,
                                        Predicate<String> marketFormat, Function<FmzSymbol, String> marketOf,
                                        String example) {
        return withMarket(request, request.requireParam("id"), orderIdFormat, marketFormat, marketOf, example);
    }

    /** As above, for an id the exchange has already tidied (trimmed). */
    public static FmzOrderId withMarket(FmzRequest request, String id, Predicate<String> orderIdFormat,
                                        Predicate<String> marketFormat, Function<FmzSymbol, String> marketOf,
                                        String example) {
        int comma = id.indexOf(',');
        String orderId = comma < 0 ? id : id.substring(comma + 1);
        if (!orderIdFormat.test(orderId)) {
            throw malformed(example);
        }
        String market = comma < 0 ? marketOf.apply(request.symbol()) : id.substring(0, comma);
        if (!marketFormat.test(market)) {
            throw malformed(example);
        }
        return new FmzOrderId(market, orderId);
    }

    private static FmzError malformed(String example) {
        return new FmzError("order id must look like " + example);
    }
}
