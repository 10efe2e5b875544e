package io.fmzbridge.stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One exchange's rules for keeping one order book exactly: how its messages start and change the
 * book, which sequence and checksum rules they must pass, and how a broken book is rebuilt. One
 * instance per book; every call for a book comes under that book's lock, one at a time.
 */
public interface BookRules {

    /**
     * Applies one of the exchange's book messages (as {@link StreamProtocol#read} passed it on).
     *
     * @throws BrokenBook on a gap, a checksum mismatch or a message out of order: the book is then
     *                    discarded and {@link #restart} is called
     */
    void apply(JsonNode message, LiveBook book, BookFeed feed) throws BrokenBook;

    /** A REST snapshot asked for with {@link BookFeed#fetchSnapshot} came in. */
    default void snapshot(JsonNode snapshot, LiveBook book, BookFeed feed) throws BrokenBook {
        throw new BrokenBook("this exchange's books take no REST snapshot");
    }

    /** The REST snapshot could not be had; the book stays unsynced until {@link #restart} or a later message. */
    default void snapshotFailed(String why, LiveBook book, BookFeed feed) {
    }

    /**
     * Starts the book over after it was discarded: forget what was buffered, and ask for what
     * synchronises it again (a new subscription, a REST snapshot).
     */
    void restart(LiveBook book, BookFeed feed);

    /** A new subscription starts (after a connection was lost, say): forget everything. */
    void subscribed(LiveBook book);
}
