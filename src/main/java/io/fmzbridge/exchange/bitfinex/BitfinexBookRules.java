package io.fmzbridge.exchange.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;

/**
 * How Bitfinex's {@code book} channel (WebSocket v2 "Books", precision P0) keeps a book: every
 * subscription starts with a snapshot of {@code [PRICE, COUNT, AMOUNT]} levels; each update is one
 * level: a {@code COUNT} above 0 sets the level (a positive {@code AMOUNT} is a bid, a negative one an
 * ask), a {@code COUNT} of 0 removes it from the bids when {@code AMOUNT} is 1 and from the asks when
 * it is -1. With the checksum flag set ({@code conf} 131072), {@code [CHAN_ID, "cs", CHECKSUM]}
 * follows updates: the CRC32 of the best 25 levels per side ({@link BitfinexChecksum}); a mismatch
 * means the book is wrong, and it is rebuilt by subscribing again for a fresh snapshot.
 *
 * <p>Messages come as {@code {"type":"snapshot"|"update"|"checksum", "levels" | "level" | "checksum",
 * "time"}}: the stream part reads Bitfinex's arrays into that shape.
 */
final class BitfinexBookRules implements BookRules {

    private static final JsonNode NONE = FmzJson.MAPPER.createArrayNode();

    @Override
    public void apply(JsonNode message, LiveBook book, BookFeed feed) throws BrokenBook {
        long time = message.path("time").asLong();
        switch (message.path("type").asText("")) {
            case "snapshot" -> {
                ArrayNode asks = FmzJson.MAPPER.createArrayNode();
                ArrayNode bids = FmzJson.MAPPER.createArrayNode();
                for (JsonNode level : message.path("levels")) {
                    (amount(level) < 0 ? asks : bids).add(level);
                }
                book.replace(asks, bids, 0, time, 0);
            }
            case "update" -> {
                if (!book.isSynced()) {
                    return; // a subscription's snapshot comes first
                }
                JsonNode level = message.path("level");
                ArrayNode one = FmzJson.MAPPER.createArrayNode().add(level);
                boolean ask = amount(level) < 0;
                book.update(ask ? one : NONE, ask ? NONE : one, book.sequence() + 1, time);
            }
            case "checksum" -> {
                if (!book.isSynced()) {
                    return;
                }
                int computed = BitfinexChecksum.of(book.bids(BitfinexChecksum.LEVELS), book.asks(BitfinexChecksum.LEVELS));
                int sent = message.path("checksum").asInt();
                if (computed != sent) {
                    throw new BrokenBook("checksum " + computed + " of the best 25 levels where Bitfinex sent " + sent);
                }
            }
            default -> throw new BrokenBook("a book message of type '" + message.path("type").asText("") + "'");
        }
    }

    /** The sign of AMOUNT: which side the level is on (1 or -1 on a removal). */
    private static int amount(JsonNode level) throws BrokenBook {
        JsonNode amount = level.path(2);
        if (!amount.isNumber() || amount.decimalValue().signum() == 0) {
            throw new BrokenBook("a book level without a signed AMOUNT: " + level);
        }
        return amount.decimalValue().signum();
    }

    @Override
    public void restart(LiveBook book, BookFeed feed) {
        feed.resubscribe();
    }

    @Override
    public void subscribed(LiveBook book) {
        // the snapshot that follows starts the book
    }
}
