package io.fmzbridge.exchange.binance;

import io.fmzbridge.call.RestCall;

/**
 * Words for a call whose result Binance did not tell: rest-api.md "HTTP Return Codes" — on a 5XX "the
 * execution status is UNKNOWN and could have been a success" — and the same holds for -1007 TIMEOUT and
 * for a reply lost on the way back. An order placement is then looked up by the shared guard
 * (OrderPlacements); for other writes (a cancel) the message says to check before repeating.
 */
final class UnknownOutcome {

    /** Placing an order on spot, USDⓈ-M futures and COIN-M futures. */
    static final java.util.Set<String> PLACEMENTS = java.util.Set.of("POST /api/v3/order", "POST /fapi/v1/order",
            "POST /dapi/v1/order");

    private UnknownOutcome() {
    }

    static boolean isPlacement(RestCall call) {
        return call != null && PLACEMENTS.contains(call.describe());
    }

    /** Whether a call changes something at Binance (places, cancels), so an unknown outcome matters. */
    static boolean isWrite(RestCall call) {
        return call != null && !call.verb().equals("GET");
    }

    static String describe(String what, RestCall call) {
        if (isPlacement(call)) {
            String clientId = param(call.query(), "newClientOrderId");
            return what + ": outcome unknown, the order may or may not have been placed; check GetOrders"
                    + (clientId == null ? "" : " (newClientOrderId " + clientId + ")") + " before placing it again";
        }
        return what + ": outcome unknown, " + call.describe() + " may or may not have taken effect; check before repeating it";
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
