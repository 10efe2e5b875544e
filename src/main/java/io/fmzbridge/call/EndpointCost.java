package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one call of an endpoint spends of its exchange's limits, as its route declares it next to the
 * endpoint: {@code endpointCost} "weight 20" (Binance's account information), "weight 1, orders 1"
 * (a Binance order), "trading 1" (Kraken's AddOrder, on its trading counter and not its call counter).
 * A declared call spends exactly what it names, and its endpoint's own limit if it has one; a call that
 * declares neither spends one of each of its exchange's limits that counts its kind of call.
 */
final class EndpointCost {

    private static final Pattern ITEM = Pattern.compile("\\s*([a-z0-9][a-z0-9-]*)\\s+(\\d{1,9})\\s*");

    private EndpointCost() {
    }

    /** Limit name to amount, in the order declared. */
    static Map<String, Long> parse(String what, String declared) {
        Map<String, Long> costs = new LinkedHashMap<>();
        for (String item : declared.split(",")) {
            Matcher cost = ITEM.matcher(item);
            if (!cost.matches() || Long.parseLong(cost.group(2)) <= 0 || costs.containsKey(cost.group(1))) {
                throw new FmzError(what + " must read <limit> <amount>[, <limit> <amount>...], each limit once and "
                        + "every amount positive (weight 5, orders 1), not " + declared);
            }
            costs.put(cost.group(1), Long.parseLong(cost.group(2)));
        }
        return Collections.unmodifiableMap(costs);
    }
}
