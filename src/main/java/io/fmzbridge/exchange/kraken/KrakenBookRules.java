package io.fmzbridge.exchange.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;

/**
 * How Kraken's v2 {@code book} channel keeps a book (Spot WebSocket v2 "Book" and the "Book checksum"
 * guide): every subscription starts with a {@code snapshot} of the subscribed depth; each
 * {@code update} replaces the quantity at its price levels, a {@code qty} of 0 removes one, and the
 * book is cut to the subscribed depth after every message (Kraken sends no removal for levels that fall
 * out of it). Kraken numbers no messages: each snapshot and update carries a {@code checksum} of the
 * best 10 levels per side ({@link KrakenChecksum}) taken after the message is applied, and a mismatch
 * means the book is wrong. It is rebuilt as Kraken advises: unsubscribe and subscribe again for a
 * fresh snapshot.
 *
 * <p>Messages arrive as {@link KrakenStream#restBook} shaped them.
 */
final class KrakenBookRules implements BookRules {

    @Override
    public void apply(JsonNode message, LiveBook book, BookFeed feed) throws BrokenBook {
        long time = message.path("time").asLong();
        switch (message.path("type").asText("")) {
            case "snapshot" -> book.replace(message.path("asks"), message.path("bids"), 0, time, 0);
            case "update" -> {
                if (!book.isSynced()) {
                    return; // a subscription's snapshot comes first; updates before it belong to an earlier one
                }
                book.update(message.path("asks"), message.path("bids"), book.sequence() + 1, time);
            }
            default -> throw new BrokenBook("a book message of type '" + message.path("type").asText("") + "'");
        }
        JsonNode sent = message.path("checksum");
        if (!sent.canConvertToLong()) {
            throw new BrokenBook("a book message without a checksum");
        }
        long computed = KrakenChecksum.of(book.asks(KrakenChecksum.LEVELS), book.bids(KrakenChecksum.LEVELS));
        if (computed != sent.asLong()) {
            throw new BrokenBook("checksum " + computed + " of the best 10 levels where Kraken sent " + sent.asText());
        }
    }

    @Override
    public void restart(LiveBook book, BookFeed feed) {
        feed.resubscribe();
    }

    @Override
    public void subscribed(LiveBook book) {
        // nothing kept beside the book: the snapshot that follows starts it
    }
}
