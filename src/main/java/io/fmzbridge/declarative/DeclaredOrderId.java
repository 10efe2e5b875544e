package io.fmzbridge.declarative;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;

/**
 * The order id a declared exchange gives FMZ: {@code BTC_USDT,<exchange's order id>}, FMZ's own
 * symbol and the exchange's id, so {@code order} and {@code cancel} know the market from the id
 * alone whatever the exchange calls it. A bare exchange id takes the market from {@code symbol}.
 * The default of {@link OrderIds}, which also knows the form that names the market the exchange's way.
 */
record DeclaredOrderId(FmzSymbol symbol, String orderId) {

    static final String EXAMPLE = "BTC_USDT,1234567890";

    static String of(FmzSymbol symbol, String orderId) {
        return symbol + "," + orderId;
    }

    /** FMZ's {@code id}, or null when the call sends none; {@code example} is named when it is malformed. */
    static DeclaredOrderId read(FmzRequest request, String example) {
        String id = request.param("id");
        if (id == null) {
            return null;
        }
        id = id.trim();
        int comma = id.lastIndexOf(',');
        String orderId = id.substring(comma + 1).trim();
        if (orderId.isEmpty() || orderId.contains(" ")) {
            throw new FmzError("order id must look like " + example);
        }
        if (comma < 0) {
            if (!request.hasSymbol()) {
                throw new FmzError("order id " + FmzSymbol.printable(id) + " names no market: use the id trade returned, like " + example);
            }
            return new DeclaredOrderId(request.symbol(), orderId);
        }
        try {
            return new DeclaredOrderId(FmzSymbol.parse(id.substring(0, comma).trim()), orderId);
        } catch (FmzError e) {
            throw new FmzError("order id must look like " + example);
        }
    }
}
