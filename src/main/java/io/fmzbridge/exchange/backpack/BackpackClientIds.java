package io.fmzbridge.exchange.backpack;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.ClientOrderIds;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.OrderRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Backpack's client ids are uint32, too few bits for a digest of the FMZ request to be unique: two
 * orders would share one about once in 10,000 orders a day. Sharing one must neither stop an order
 * from being sent nor hand a strategy another order's id, so each placement gets:
 * <ul>
 * <li>a client id no other order the bridge remembers has (the digest's 32 bits, or the next free
 * number), the same one again for a retried FMZ request;</li>
 * <li>a key for the placement guard, {@code <client id>/<64 more bits of the digest>}, which differs
 * for different requests even where a forgotten order's client id is reused;</li>
 * <li>a record of what was sent, which an order found by client id must match (market, side, type,
 * sizes, price, and created no earlier than the first send) before it counts as this placement.</li>
 * </ul>
 */
public final class BackpackClientIds {

    /** As long as the placement guard remembers a client order id. */
    static final Duration REMEMBER_FOR = Duration.ofHours(24);
    static final int REMEMBERED = 100_000;
    /** How far Backpack's clock may be behind the host's when it stamps the order (X-Window's maximum). */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(60);
    private static final long UINT32 = 1L << 32;
    private static final int DIGEST_HEX = 67;
    private static final int KEY_HEX = 16;

    /** One order as the bridge sent it; quantity or quoteQuantity is null as Backpack's fields are. */
    record Placement(long clientId, String key, String symbol, String side, String orderType, BigDecimal quantity,
                     BigDecimal quoteQuantity, BigDecimal price, Instant firstSent) {

        /** Whether an order Backpack holds is this placement rather than another with the same client id. */
        boolean isMatchedBy(JsonNode order) {
            return order.path("clientId").isIntegralNumber() && order.path("clientId").asLong() == clientId
                    && symbol.equals(order.path("symbol").asText()) && side.equals(order.path("side").asText())
                    && orderType.equals(order.path("orderType").asText())
                    && same(quantity, order.path("quantity")) && sameWhenShown(quoteQuantity, order.path("quoteQuantity"))
                    && same(price, order.path("price"))
                    && !Instant.ofEpochMilli(BackpackMapper.millis(order.path("createdAt"))).isBefore(firstSent.minus(CLOCK_TOLERANCE));
        }

        private static boolean same(BigDecimal sent, JsonNode shown) {
            return sent == null || (!shown.isNull() && !shown.isMissingNode() && sent.compareTo(FmzJson.decimal(shown)) == 0);
        }

        /** A market buy sized in quote: Backpack may show the quote it was given, or only what it bought. */
        private static boolean sameWhenShown(BigDecimal sent, JsonNode shown) {
            return sent == null || shown.isNull() || shown.isMissingNode() || sent.compareTo(FmzJson.decimal(shown)) == 0;
        }
    }

    /** By the 64 bits of the request's digest that follow the 32 a client id starts from. */
    private final Map<String, Placement> byDigest = new HashMap<>();
    private final Map<Long, Placement> byClientId = new HashMap<>();
    private final Clock clock;

    public BackpackClientIds() {
        this(Clock.systemUTC());
    }

    BackpackClientIds(Clock clock) {
        this.clock = clock;
    }

    /** The client id and guard key for this FMZ request's order; a retried request gets its first ones. */
    public synchronized Placement assign(FmzRequest request, OrderRequest order, String symbol) {
        String digest = ClientOrderIds.hex(request, DIGEST_HEX).substring(3);
        long candidate = Long.parseLong(digest.substring(0, 8), 16);
        String digestBits = digest.substring(8, 8 + KEY_HEX);
        Placement same = byDigest.get(digestBits);
        if (same != null) {
            return same;
        }
        forgetOld();
        while (byClientId.containsKey(candidate)) {
            candidate = (candidate + 1) % UINT32;
        }
        Placement placement = new Placement(candidate, candidate + "/" + digestBits, symbol, order.buy() ? "Bid" : "Ask",
                order.isMarket() ? "Market" : "Limit", order.amountIsQuote() ? null : order.amount(),
                order.amountIsQuote() ? order.amount() : null, order.isMarket() ? null : order.price(), clock.instant());
        byDigest.put(digestBits, placement);
        byClientId.put(candidate, placement);
        return placement;
    }

    /** The placement a guard key names, while the bridge remembers it. */
    public synchronized Optional<Placement> placement(String key) {
        int slash = key.indexOf('/');
        Placement placement = slash < 0 ? null : byDigest.get(key.substring(slash + 1));
        return placement != null && placement.key().equals(key) ? Optional.of(placement) : Optional.empty();
    }

    /** The uint32 Backpack knows, from a guard key. */
    static String clientIdOf(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            throw new FmzError("client order id '" + key + "' is not one the bridge gave");
        }
        return key.substring(0, slash);
    }

    private void forgetOld() {
        if (byClientId.size() <= REMEMBERED) {
            return;
        }
        Instant before = clock.instant().minus(REMEMBER_FOR);
        byDigest.values().removeIf(p -> p.firstSent().isBefore(before));
        byClientId.values().removeIf(p -> p.firstSent().isBefore(before));
    }
}
