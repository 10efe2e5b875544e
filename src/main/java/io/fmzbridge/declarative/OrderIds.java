package io.fmzbridge.declarative;

import io.fmzbridge.fmz.FmzOrderId;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the order ids a declared exchange gives FMZ name their market, what a route file declares as
 * {@code orderIdMarket}: {@code fmz} (the default), FMZ's own pair, {@code BTC_USDT,<id>}
 * ({@link DeclaredOrderId}); or {@code exchange}, the pair as the exchange spells it,
 * {@code BTC-USDT,<id>}, the ids a packaged exchange already gives (OKX's), read back as the packaged
 * exchanges read theirs ({@link FmzOrderId}): a bare id takes the market from {@code symbol}.
 */
final class OrderIds {

    static final OrderIds FMZ = new OrderIds(null, DeclaredOrderId.EXAMPLE);

    /** An exchange's order id: no blank, no comma. */
    private static final Pattern ORDER_ID = Pattern.compile("[^\\s,]{1,128}");
    private static final String SAMPLE_ID = "1234567890";

    /** Null for FMZ's own pair. */
    private final PairSpelling spelling;
    private final String example;

    private OrderIds(PairSpelling spelling, String example) {
        this.spelling = spelling;
        this.example = example;
    }

    /**
     * @param market {@code fmz} or {@code exchange}, as a route file writes it
     * @param example the id shown in "order id must look like …", null for one made from the spelling
     */
    static OrderIds of(String market, PairSpelling spelling, String example) {
        switch (market.trim().toLowerCase(Locale.ROOT)) {
            case "fmz" -> {
                return example == null ? FMZ : new OrderIds(null, example);
            }
            case "exchange" -> {
                if (!spelling.readable()) {
                    throw new IllegalArgumentException("orderIdMarket exchange needs a symbol with text between {base} and {quote},"
                            + " like {base}-{quote}, to read the market back; got '" + spelling + "'");
                }
                return new OrderIds(spelling, example != null ? example
                        : spelling.spell(FmzSymbol.parse("BTC_USDT")) + "," + SAMPLE_ID);
            }
            default -> throw new IllegalArgumentException("orderIdMarket must be fmz or exchange, not '" + market + "'");
        }
    }

    /** FMZ's id for the exchange's order id in this market. */
    String write(FmzSymbol market, String orderId) {
        return spelling == null ? DeclaredOrderId.of(market, orderId) : spelling.spell(market) + "," + orderId;
    }

    /** FMZ's {@code id}, or null when the call sends none. */
    DeclaredOrderId read(FmzRequest request) {
        if (spelling == null) {
            return DeclaredOrderId.read(request, example);
        }
        String id = request.param("id");
        if (id == null) {
            return null;
        }
        FmzOrderId parsed = FmzOrderId.withMarket(request, id.trim(), ORDER_ID.asMatchPredicate(),
                market -> spelling.read(market) != null, spelling::spell, example);
        return new DeclaredOrderId(spelling.read(parsed.market()), parsed.orderId());
    }

    /**
     * The market a call is about: its order id's, else its {@code symbol}. The exchange's form checks
     * the whole id first, so a malformed one is reported as such, not as a missing symbol.
     */
    FmzSymbol symbolOf(FmzRequest request) {
        String id = request.param("id");
        boolean readId = id != null && (spelling != null || id.contains(","));
        return readId ? read(request).symbol() : request.symbol();
    }
}
