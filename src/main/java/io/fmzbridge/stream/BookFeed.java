package io.fmzbridge.stream;

/**
 * What the stream mechanism does for one book on its {@link BookRules}' word. Both act later, on the
 * stream's own threads: a call returns at once.
 */
public interface BookFeed {

    /** Unsubscribes and subscribes the book again, for exchanges that start every subscription with a snapshot. */
    void resubscribe();

    /**
     * Fetches a REST snapshot of {@code levels} per side through the exchange's
     * {@code direct:<id>-book-snapshot} route; it arrives in {@link BookRules#snapshot}.
     */
    void fetchSnapshot(int levels);
}
