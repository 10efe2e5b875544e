package io.fmzbridge.exchange.zerocap;

/** Exchange text quoted in an error: printable ASCII only, and short enough not to flood the log. */
final class Printable {

    private static final int MAX = 200;

    private Printable() {
    }

    static String of(String text) {
        String cut = text.length() > MAX ? text.substring(0, MAX) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?").strip();
    }
}
