package io.fmzbridge.exchange.kraken;

import io.fmzbridge.call.CallAllowance;
import io.fmzbridge.call.TimedCost;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.PlacedOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;

/**
 * What a cancel spends of its pair's trading counter. Kraken ("Spot Trading Limits") adds to the
 * counter for cancelling an order by its age when the cancel arrives: 8 under 5 s, 6 under 10 s, 5 under
 * 15 s, 4 under 45 s, 2 under 90 s, 1 under 300 s, nothing after. The bridge knows the age of the orders
 * it placed, timed from the arrival of AddOrder's reply: Kraken opened the order before that, so the age
 * is never overstated and the cost never understated; a cancel waiting for room on the counter is
 * weighed again as the order ages ({@link TimedCost}). Any other order (placed elsewhere or before a
 * restart, or forgotten as the oldest of more than {@value #KEPT} kept) costs the most.
 */
public final class KrakenOrderAges {

    static final int KEPT = 20_000;
    private static final long[] UNDER_SECONDS = {5, 10, 15, 45, 90, 300};
    private static final int[] COST = {8, 6, 5, 4, 2, 1};
    private static final int MOST = COST[0];

    private final LongSupplier nanoClock;
    private final Map<String, Long> placedAt = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > KEPT;
        }
    };

    public KrakenOrderAges() {
        this(System::nanoTime);
    }

    KrakenOrderAges(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** After AddOrder's reply is mapped: notes when the new order's txid came back. */
    public void placed(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof FmzReply reply && reply.data() instanceof PlacedOrder order) {
            String id = order.id();
            String txid = id.substring(id.indexOf(',') + 1);
            synchronized (placedAt) {
                placedAt.put(txid, nanoClock.getAsLong());
            }
        }
    }

    /** Before CancelOrder: the call's cost on the trading counter, by the order's age when it is sent. */
    public void cancelCost(Exchange exchange) {
        FmzRequest request = exchange.getProperty(FmzCall.REQUEST_PROPERTY, FmzRequest.class);
        Long placed = placedAt(KrakenOrderId.parse(request).txid());
        exchange.setProperty(CallAllowance.ENDPOINT_COST_PROPERTY, placed == null ? "trading " + MOST : new TimedCost() {
            @Override
            public String limit() {
                return "trading";
            }

            @Override
            public long at(long nanoTime) {
                return costAfter(nanoTime - placed);
            }
        });
    }

    /** What cancelling the order costs now. */
    int cost(String txid) {
        Long placed = placedAt(txid);
        return placed == null ? MOST : costAfter(nanoClock.getAsLong() - placed);
    }

    private Long placedAt(String txid) {
        synchronized (placedAt) {
            return placedAt.get(txid);
        }
    }

    private static int costAfter(long ageNanos) {
        for (int i = 0; i < UNDER_SECONDS.length; i++) {
            if (ageNanos < UNDER_SECONDS[i] * 1_000_000_000L) {
                return COST[i];
            }
        }
        return 0;
    }
}
