package io.fmzbridge.stream;

/**
 * An order book can no longer be trusted: a sequence gap, a checksum mismatch, an out-of-order or
 * unreadable message. The book is discarded and resynchronised; until then no answer comes from it.
 */
public final class BrokenBook extends Exception {

    public BrokenBook(String why) {
        super(why, null, false, false);
    }
}
