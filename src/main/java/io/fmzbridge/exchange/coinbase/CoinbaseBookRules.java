package io.fmzbridge.exchange.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;

/**
 * A Coinbase {@code level2} book ("Level 2 order book", channel {@code l2_data}): each subscription
 * starts with a {@code snapshot} event holding the whole book, then {@code update} events whose
 * {@code new_quantity} is the level's new size (not a change), "0" removing the level. Sides are
 * {@code bid} and {@code offer}. Level2 guarantees delivery; that nothing went missing on the way is
 * checked by the connection-wide {@code sequence_num} ({@link CoinbaseStream}), which replaces the
 * connection on a gap. An update before the snapshot belongs to an earlier subscription and is
 * ignored; a book found wrong is subscribed again for a fresh snapshot.
 *
 * <p>Levels are kept as {@code [price_level, new_quantity]}, Coinbase's own digits; the book's time is
 * the message's {@code timestamp}.
 */
final class CoinbaseBookRules implements BookRules {

    @Override
    public void apply(JsonNode event, LiveBook book, BookFeed feed) throws BrokenBook {
        String type = event.path("type").asText("");
        long time = CoinbaseStream.time(event.path("timestamp"));
        ArrayNode asks = FmzJson.MAPPER.createArrayNode();
        ArrayNode bids = FmzJson.MAPPER.createArrayNode();
        for (JsonNode update : event.path("updates")) {
            ArrayNode level = FmzJson.MAPPER.createArrayNode().add(update.path("price_level")).add(update.path("new_quantity"));
            switch (update.path("side").asText("")) {
                case "bid" -> bids.add(level);
                case "offer", "ask" -> asks.add(level);
                default -> throw new BrokenBook("a level2 update on side '" + update.path("side").asText("") + "'");
            }
        }
        if (type.equals("snapshot")) {
            book.replace(asks, bids, 0, time, 0);
        } else if (type.equals("update")) {
            if (book.isSynced()) {
                book.update(asks, bids, book.sequence(), time);
            }
        } else {
            throw new BrokenBook("a level2 event of type '" + type + "'");
        }
    }

    @Override
    public void restart(LiveBook book, BookFeed feed) {
        feed.resubscribe();
    }

    @Override
    public void subscribed(LiveBook book) {
        // the subscription's snapshot starts the book
    }
}
