package io.fmzbridge.exchange.coinone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * GetHistoryOrders' walk through Coinone's fills. {@code order/completed_orders} lists fills, not
 * orders, newest first, and requires {@code size} (1 to 100), {@code from_ts} and {@code to_ts} (ms, at
 * most 90 days apart, neither in the future); {@code to_trade_id} asks for the fills listed after that
 * one (docs.coinone.co.kr, "특정 종목의 체결된 주문 조회" and its time-range rules).
 *
 * <p>The walk pages back from now, window after window of 90 days, down to FMZ's {@code since} (the
 * last 90 days without one), and ends when it has seen {@code limit} orders, when the range is read, or
 * when its page allowance is spent: so the orders it finds are the ones that traded last, each order
 * once, ranked by its latest fill.
 */
final class CoinoneFillWalk {

    /** Coinone's longest range between from_ts and to_ts. */
    static final long WINDOW_MS = 90L * 24 * 60 * 60 * 1000;
    /** Coinone's largest page of fills. */
    static final int PAGE_SIZE = 100;
    /**
     * Orders one GetHistoryOrders answers at most: each costs one signed order/detail call, and with the
     * pages they must fit Coinone's 5 calls a second within the bridge's 15-second budget for an FMZ call.
     */
    static final int MAX_ORDERS = 40;
    /** Pages of fills one GetHistoryOrders reads at most (1,000 fills, or 900 days of empty windows). */
    static final int MAX_PAGES = 10;

    private final long since;
    private final int wanted;
    private long windowFrom;
    private long windowTo;
    private String afterTradeId;
    private int pages;
    private boolean done;
    private final Set<String> tradeIds = new HashSet<>();
    /** Order ids, the latest to trade first. */
    private final Set<String> orderIds = new LinkedHashSet<>();

    /**
     * FMZ's {@code since} (ms, 0 for none) and {@code limit} (0 for none) at the exchange's time
     * {@code now}. A {@code since} still to come has nothing to find.
     */
    CoinoneFillWalk(long since, long limit, long now) {
        this.since = since > 0 ? since : now - WINDOW_MS;
        this.wanted = (int) (limit > 0 ? Math.min(limit, MAX_ORDERS) : MAX_ORDERS);
        this.windowTo = now;
        this.windowFrom = Math.max(this.since, now - WINDOW_MS);
        this.done = this.since > now;
    }

    boolean hasMore() {
        return !done;
    }

    /** The next page's parameters: size, the window and, within it, the fill to continue after. */
    void nextPage(ObjectNode request) {
        if (done) {
            throw new IllegalStateException("the walk through Coinone's fills has ended");
        }
        request.put("size", PAGE_SIZE);
        request.put("from_ts", windowFrom);
        request.put("to_ts", windowTo);
        if (afterTradeId != null) {
            request.put("to_trade_id", afterTradeId);
        }
    }

    /** One page of completed_orders read: its orders noted, and where the next page starts. */
    void read(JsonNode reply) {
        JsonNode fills = reply.path("completed_orders");
        if (!fills.isArray()) {
            throw new FmzError("Coinone's completed_orders reply has no completed_orders list");
        }
        pages++;
        boolean anyNew = false;
        for (JsonNode fill : fills) {
            if (tradeIds.add(fill.path("trade_id").asText())) {
                anyNew = true;
                orderIds.add(fill.path("order_id").asText());
                if (orderIds.size() >= wanted) {
                    done = true;
                    return;
                }
            }
        }
        if (fills.size() < PAGE_SIZE || !anyNew) {
            nextWindow();
        } else {
            afterTradeId = fills.get(fills.size() - 1).path("trade_id").asText();
        }
        if (pages >= MAX_PAGES) {
            done = true;
        }
    }

    /** The window before this one, down to since; none left ends the walk. */
    private void nextWindow() {
        afterTradeId = null;
        windowTo = windowFrom - 1;
        windowFrom = Math.max(since, windowTo - WINDOW_MS);
        done = windowTo < since;
    }

    /** The orders found, the one whose latest fill is oldest first, at most {@code limit}. */
    List<String> orderIdsOldestFirst() {
        List<String> ids = new ArrayList<>(orderIds);
        Collections.reverse(ids);
        return ids;
    }
}
