package io.fmzbridge.exchange.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BookRules;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;

/**
 * How OKX's {@code books} channel keeps a book (docs-v5, "WS / Order book channel"):
 * <ul>
 * <li>every subscription starts with an {@code action: snapshot} of 400 levels ({@code prevSeqId} -1);</li>
 * <li>each {@code update} names the {@code seqId} it follows in {@code prevSeqId}: anything else means a
 *     message was lost or came out of order. Both "no change" heartbeats ({@code seqId} equal to
 *     {@code prevSeqId}, empty sides) and sequence resets after maintenance ({@code seqId} below
 *     {@code prevSeqId}) still name the last {@code seqId}, so one rule covers them;</li>
 * <li>a size of 0 deletes a level;</li>
 * <li>the {@code checksum}, a CRC32 over the best 25 levels ({@link OkxChecksum}), is checked when OKX
 *     sends one. OKX has since deprecated it: the field stays but is fixed to 0, "must no longer be
 *     used for integrity verification", and {@code seqId/prevSeqId} are to be used instead; a 0 is
 *     therefore no checksum, any other value must match.</li>
 * </ul>
 * A broken book is rebuilt the way OKX documents for a mismatch: subscribe again, which brings a
 * fresh snapshot.
 */
final class OkxBookRules implements BookRules {

    @Override
    public void apply(JsonNode message, LiveBook book, BookFeed feed) throws BrokenBook {
        JsonNode data = message.path("data").path(0);
        if (!data.isObject() || !data.path("seqId").isIntegralNumber()) {
            throw new BrokenBook("a book message without data or seqId");
        }
        long seqId = data.path("seqId").asLong();
        long time = time(data);
        switch (message.path("action").asText("")) {
            case "snapshot" -> book.replace(data.path("asks"), data.path("bids"), seqId, time, 0);
            case "update" -> {
                if (!book.isSynced()) {
                    return; // a subscription's snapshot comes first; updates before it belong to an earlier one
                }
                long prevSeqId = data.path("prevSeqId").asLong(Long.MIN_VALUE);
                if (prevSeqId != book.sequence()) {
                    throw new BrokenBook("an update with prevSeqId " + data.path("prevSeqId").asText("(none)")
                            + " after seqId " + book.sequence() + ": a message was lost or came out of order");
                }
                book.update(data.path("asks"), data.path("bids"), seqId, time);
            }
            default -> throw new BrokenBook("a book message with action '" + message.path("action").asText("") + "'");
        }
        int checksum = data.path("checksum").asInt(0);
        if (checksum != 0) {
            int computed = OkxChecksum.of(book.bids(OkxChecksum.LEVELS), book.asks(OkxChecksum.LEVELS));
            if (computed != checksum) {
                throw new BrokenBook("checksum " + computed + " of the best 25 levels where OKX sent " + checksum);
            }
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

    private static long time(JsonNode data) throws BrokenBook {
        try {
            return Long.parseLong(data.path("ts").asText());
        } catch (NumberFormatException e) {
            throw new BrokenBook("a book message without a readable ts");
        }
    }
}
