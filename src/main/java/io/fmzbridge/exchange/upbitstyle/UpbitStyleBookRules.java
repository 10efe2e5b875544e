package io.fmzbridge.exchange.upbitstyle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;

/**
 * The dialect's order book: every {@code orderbook} message is the whole top of the book
 * ({@code orderbook_units}, each holding one ask and one bid level), so each one replaces the book.
 * There is no sequence number and no checksum: the book's time is the message's {@code timestamp},
 * and a message older than the book's is out of order, which discards the book until the
 * subscription starts it again.
 */
final class UpbitStyleBookRules implements BookRules {

    @Override
    public void apply(JsonNode message, LiveBook book, BookFeed feed) throws BrokenBook {
        JsonNode units = message.path("orderbook_units");
        JsonNode time = message.path("timestamp");
        if (!units.isArray() || !time.canConvertToLong()) {
            throw new BrokenBook("an orderbook message without units or timestamp");
        }
        long timestamp = time.asLong();
        if (book.isSynced() && timestamp < book.eventTime()) {
            throw new BrokenBook("an orderbook message of " + timestamp + " after one of " + book.eventTime());
        }
        ArrayNode asks = FmzJson.MAPPER.createArrayNode();
        ArrayNode bids = FmzJson.MAPPER.createArrayNode();
        for (JsonNode unit : units) {
            level(asks, unit, "ask_price", "ask_size");
            level(bids, unit, "bid_price", "bid_size");
        }
        book.replace(asks, bids, timestamp, timestamp, 0);
    }

    /** One side of a unit as a {@code [price, size]} level; a side the unit leaves out is not there. */
    private static void level(ArrayNode side, JsonNode unit, String price, String size) {
        if (unit.has(price) || unit.has(size)) {
            side.addArray().add(unit.path(price)).add(unit.path(size));
        }
    }

    /** A fresh subscription starts with the current book: ask for one. */
    @Override
    public void restart(LiveBook book, BookFeed feed) {
        feed.resubscribe();
    }

    @Override
    public void subscribed(LiveBook book) {
        // nothing is kept between messages
    }
}
