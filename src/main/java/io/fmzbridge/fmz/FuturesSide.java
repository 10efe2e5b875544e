package io.fmzbridge.fmz;

import java.util.Locale;

/**
 * FMZ's four sides of a futures order (its {@code SetDirection} values and {@code CreateOrder}
 * sides): {@code buy} opens or adds to a long, {@code sell} a short, {@code closebuy} closes a long
 * (a sell that only reduces), {@code closesell} closes a short (a buy that only reduces).
 */
public enum FuturesSide {
    BUY("buy", true, true),
    SELL("sell", false, false),
    CLOSEBUY("closebuy", false, true),
    CLOSESELL("closesell", true, false);

    private final String word;
    private final boolean buys;
    private final boolean longPosition;

    FuturesSide(String word, boolean buys, boolean longPosition) {
        this.word = word;
        this.buys = buys;
        this.longPosition = longPosition;
    }

    /** FMZ's word: buy, sell, closebuy, closesell. */
    public String word() {
        return word;
    }

    /** Whether the order itself buys (opening a long, closing a short). */
    public boolean buys() {
        return buys;
    }

    /** Whether it is about the long position (opening or closing it). */
    public boolean longPosition() {
        return longPosition;
    }

    /** Whether it only closes: an exchange must refuse it rather than open the other side. */
    public boolean closes() {
        return this == CLOSEBUY || this == CLOSESELL;
    }

    /** The side an order has from what it does to which position. */
    public static FuturesSide of(boolean buys, boolean longPosition) {
        return buys ? (longPosition ? BUY : CLOSESELL) : (longPosition ? CLOSEBUY : SELL);
    }

    public static FuturesSide parse(String text) {
        String word = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (FuturesSide side : values()) {
            if (side.word.equals(word)) {
                return side;
            }
        }
        throw new FmzError("type must be 'buy', 'sell', 'closebuy' or 'closesell', got '"
                + FmzSymbol.printable(text == null ? "" : text) + "'");
    }

    /**
     * What a {@code buy} or {@code sell} means after {@code SetDirection}: FMZ's Buy after
     * SetDirection("closesell") closes the short, its Sell after SetDirection("closebuy") closes
     * the long. An explicit close side, or no direction set, stands as it is.
     */
    public FuturesSide following(FuturesSide direction) {
        if (this == BUY && direction == CLOSESELL) {
            return CLOSESELL;
        }
        if (this == SELL && direction == CLOSEBUY) {
            return CLOSEBUY;
        }
        return this;
    }

    @Override
    public String toString() {
        return word;
    }
}
