package io.fmzbridge.exchange.korbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;

/**
 * How Korbit's {@code orderbook} channel keeps a book (Korbit Open API v2, WebSocket "Orderbook"): every
 * message, the subscription's first ({@code snapshot: true}) and each real-time one after it, carries
 * the whole book Korbit streams, up to 30 prices per side, as {@code {"price","qty"}} objects with the
 * book's own {@code data.timestamp}. There are no increments and no sequence number, so a message
 * replaces the book; Korbit warns that public messages may be dropped under load, which costs nothing
 * here since the next message is whole again.
 *
 * <p>The one rule left is order: a book older than the one kept ({@code data.timestamp} going back)
 * came out of order, and the book is discarded and subscribed again, which brings a fresh snapshot.
 * Levels are kept as {@code ["price","qty"]}, Korbit's own digits.
 */
final class KorbitBookRules implements BookRules {

    @Override
    public void apply(JsonNode message, LiveBook book, BookFeed feed) throws BrokenBook {
        JsonNode data = message.path("data");
        if (!data.path("timestamp").canConvertToLong() || !data.path("asks").isArray() || !data.path("bids").isArray()) {
            throw new BrokenBook("an orderbook message without data.timestamp, asks and bids");
        }
        long time = data.path("timestamp").asLong();
        if (book.isSynced() && time < book.eventTime()) {
            throw new BrokenBook("a book of " + time + " after one of " + book.eventTime() + ": it came out of order");
        }
        book.replace(levels(data.path("asks")), levels(data.path("bids")), time, time, 0);
    }

    @Override
    public void restart(LiveBook book, BookFeed feed) {
        feed.resubscribe();
    }

    @Override
    public void subscribed(LiveBook book) {
        // nothing kept beside the book: the next message starts it
    }

    /** Korbit's {@code {"price","qty"}} levels as the {@code ["price","qty"]} arrays a live book keeps. */
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
