package io.fmzbridge.exchange.coinone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import java.math.BigInteger;

/**
 * How Coinone's {@code ORDERBOOK} channel keeps a book (Coinone public WebSocket, "거래쌍의 오더북
 * 모니터링"): the latest book once on subscribing, then the book again on every change, each message
 * the whole book ({@code asks}/{@code bids} of {@code {"price","qty"}}, the asks worst first) with an
 * {@code id} where "a larger id is a newer order book" and a {@code timestamp} in ms. No increments,
 * no checksum.
 *
 * <p>So a message with a larger {@code id} replaces the book; the same {@code id} again is the same
 * book (a repeat) and changes nothing; a smaller one came out of order, and the book is discarded and
 * subscribed again for a fresh one. Levels are kept as {@code ["price","qty"]}, Coinone's own digits.
 */
final class CoinoneBookRules implements BookRules {

    /** The id of the book kept; Coinone's ids are digit strings longer than a long's digits may be. */
    private BigInteger lastId;

    @Override
    public void apply(JsonNode message, LiveBook book, BookFeed feed) throws BrokenBook {
        JsonNode data = message.path("data");
        BigInteger id = id(data.path("id"));
        if (!data.path("timestamp").canConvertToLong() || !data.path("asks").isArray() || !data.path("bids").isArray()) {
            throw new BrokenBook("an orderbook message without timestamp, asks and bids");
        }
        if (book.isSynced() && lastId != null) {
            int order = id.compareTo(lastId);
            if (order == 0) {
                return; // the book kept, sent again
            }
            if (order < 0) {
                throw new BrokenBook("a book with id " + id + " after id " + lastId + ": it came out of order");
            }
        }
        long time = data.path("timestamp").asLong();
        book.replace(levels(data.path("asks")), levels(data.path("bids")), time, time, 0);
        lastId = id;
    }

    @Override
    public void restart(LiveBook book, BookFeed feed) {
        lastId = null;
        feed.resubscribe();
    }

    @Override
    public void subscribed(LiveBook book) {
        lastId = null;
    }

    private static BigInteger id(JsonNode id) throws BrokenBook {
        try {
            return new BigInteger(id.asText(""));
        } catch (NumberFormatException e) {
            throw new BrokenBook("an orderbook message without a numeric id");
        }
    }

    /** Coinone's {@code {"price","qty"}} levels as the {@code ["price","qty"]} arrays a live book keeps. */
    private static ArrayNode levels(JsonNode side) throws BrokenBook {
        ArrayNode levels = FmzJson.MAPPER.createArrayNode();
        for (JsonNode level : side) {
            if (!level.path("price").isTextual() || !level.path("qty").isTextual()) {
                throw new BrokenBook("a book level without a price and a qty: " + level);
            }
            levels.addArray().add(level.path("price").asText()).add(level.path("qty").asText());
        }
        return levels;
    }
}
