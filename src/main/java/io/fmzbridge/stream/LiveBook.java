package io.fmzbridge.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One instrument's order book as its stream describes it: every level kept exactly as the exchange
 * sent it (its own level array, {@code ["8476.98","415","0","13"]}, so a checksum or a REST-shaped
 * answer sees the exchange's very digits), asks from the lowest price up, bids from the highest down.
 *
 * <p>A book is answerable only while {@linkplain #isSynced() synced}: from the snapshot that starts it
 * until it is {@linkplain #discard(String) discarded}. How far down it can answer depends on what the
 * exchange vouches for: a channel that keeps a window of N levels ({@code keptLevels}) is cut to N
 * after every update; a book started from a REST snapshot of N levels knows nothing beyond the
 * snapshot's last price (its boundary), so levels past it are dropped and never answered.
 *
 * <p>Not thread-safe: its {@link Subscription} guards it.
 */
public final class LiveBook {

    private static final Comparator<BigDecimal> ASCENDING = Comparator.naturalOrder();

    private final int keptLevels;
    private final NavigableMap<BigDecimal, JsonNode> asks = new TreeMap<>(ASCENDING);
    private final NavigableMap<BigDecimal, JsonNode> bids = new TreeMap<>(ASCENDING.reversed());
    private boolean synced;
    private long sequence;
    private long eventTime;
    /** The worst price a REST snapshot vouched for on each side; null when the side came whole. */
    private BigDecimal askBoundary;
    private BigDecimal bidBoundary;
    private String brokenBecause;

    /** @param keptLevels the window the exchange keeps per side (OKX books: 400); {@link Integer#MAX_VALUE} for none */
    public LiveBook(int keptLevels) {
        this.keptLevels = keptLevels;
    }

    /**
     * Starts the book over from a snapshot.
     *
     * @param snapshotLimit the number of levels per side a REST snapshot was asked for: a side that
     *                      came back that full ends at a boundary; 0 when the stream itself sent the
     *                      snapshot of its whole window
     */
    public void replace(JsonNode snapshotAsks, JsonNode snapshotBids, long sequence, long eventTime, int snapshotLimit)
            throws BrokenBook {
        asks.clear();
        bids.clear();
        put(asks, snapshotAsks);
        put(bids, snapshotBids);
        askBoundary = snapshotLimit > 0 && snapshotAsks.size() >= snapshotLimit ? asks.lastKey() : null;
        bidBoundary = snapshotLimit > 0 && snapshotBids.size() >= snapshotLimit ? bids.lastKey() : null;
        trim();
        this.sequence = sequence;
        this.eventTime = eventTime;
        synced = true;
        brokenBecause = null;
    }

    /** Applies an increment: each level's size replaces the kept one; a size of zero removes the level. */
    public void update(JsonNode changedAsks, JsonNode changedBids, long sequence, long eventTime) throws BrokenBook {
        put(asks, changedAsks);
        put(bids, changedBids);
        trim();
        this.sequence = sequence;
        this.eventTime = eventTime;
    }

    /** The book is known to be wrong: nothing is answered from it until a new snapshot starts it again. */
    public void discard(String why) {
        clear();
        brokenBecause = why;
    }

    /** A new subscription: the book waits for its first snapshot. */
    public void reset() {
        clear();
        brokenBecause = null;
    }

    public boolean isSynced() {
        return synced;
    }

    /** The exchange's sequence number of the last message applied (OKX seqId, Binance update id). */
    public long sequence() {
        return sequence;
    }

    /** The exchange's time of the last message applied, in ms. */
    public long eventTime() {
        return eventTime;
    }

    /** Why the book was last discarded, while it has not been resynchronised; null otherwise. */
    public String brokenBecause() {
        return brokenBecause;
    }

    /** Whether {@code levels} levels per side can be answered exactly (a side with fewer has no more). */
    public boolean holds(int levels) {
        return synced && holds(asks, askBoundary, levels) && holds(bids, bidBoundary, levels);
    }

    /** The best {@code levels} asks, lowest first, as the exchange sent them. */
    public List<JsonNode> asks(int levels) {
        return first(asks, levels);
    }

    /** The best {@code levels} bids, highest first, as the exchange sent them. */
    public List<JsonNode> bids(int levels) {
        return first(bids, levels);
    }

    public int askCount() {
        return asks.size();
    }

    public int bidCount() {
        return bids.size();
    }

    private void clear() {
        asks.clear();
        bids.clear();
        askBoundary = null;
        bidBoundary = null;
        synced = false;
    }

    private boolean holds(NavigableMap<BigDecimal, JsonNode> side, BigDecimal boundary, int levels) {
        // levels past a boundary were dropped: what is kept is known; a whole side or a window is all there is
        return side.size() >= levels || (boundary == null && side.size() < keptLevels);
    }

    private static void put(NavigableMap<BigDecimal, JsonNode> side, JsonNode levels) throws BrokenBook {
        if (levels == null || levels.isMissingNode() || levels.isNull()) {
            return;
        }
        if (!levels.isArray()) {
            throw new BrokenBook("a book side that is not a list of levels");
        }
        for (JsonNode level : levels) {
            BigDecimal price = decimal(level.path(0));
            BigDecimal size = decimal(level.path(1));
            if (size.signum() == 0) {
                side.remove(price);
            } else if (size.signum() < 0 || price.signum() < 0) {
                throw new BrokenBook("a book level with a negative price or size: " + level);
            } else {
                side.put(price, level);
            }
        }
    }

    private void trim() {
        if (askBoundary != null) {
            asks.tailMap(askBoundary, false).clear();
        }
        if (bidBoundary != null) {
            bids.tailMap(bidBoundary, false).clear();
        }
        while (asks.size() > keptLevels) {
            asks.pollLastEntry();
        }
        while (bids.size() > keptLevels) {
            bids.pollLastEntry();
        }
    }

    private static List<JsonNode> first(NavigableMap<BigDecimal, JsonNode> side, int levels) {
        List<JsonNode> best = new ArrayList<>(Math.min(levels, side.size()));
        for (Map.Entry<BigDecimal, JsonNode> entry : side.entrySet()) {
            if (best.size() == levels) {
                break;
            }
            best.add(entry.getValue());
        }
        return best;
    }

    private static BigDecimal decimal(JsonNode value) throws BrokenBook {
        if (!value.isTextual() && !value.isNumber()) {
            throw new BrokenBook("a book level without a price and a size");
        }
        try {
            return new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new BrokenBook("a book level with '" + value.asText() + "' where a number belongs");
        }
    }
}
