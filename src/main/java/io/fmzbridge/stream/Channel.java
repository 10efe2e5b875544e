package io.fmzbridge.stream;

import java.util.Locale;

/** The three kinds of public market data a stream keeps, named after the FMZ method each one answers. */
public enum Channel {
    TICKER("ticker"),
    BOOK("depth"),
    TRADES("trades");

    private final String fmzMethod;

    Channel(String fmzMethod) {
        this.fmzMethod = fmzMethod;
    }

    /** The FMZ method this channel answers: {@code ticker}, {@code depth}, {@code trades}. */
    public String fmzMethod() {
        return fmzMethod;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
