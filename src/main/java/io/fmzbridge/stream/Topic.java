package io.fmzbridge.stream;

/**
 * One subscription: a channel of one instrument, as the exchange names the instrument on its stream
 * ({@code BTC-USDT} on OKX, {@code btcusdt} on Binance), and for an exchange that streams per API key
 * the credential whose connection carries it (null on a public stream).
 */
public record Topic(Channel channel, String instrument, StreamCredential credential) {

    /** A topic of a public stream. */
    public Topic(Channel channel, String instrument) {
        this(channel, instrument, null);
    }

    /** Never the credential: a topic is printed in logs. */
    @Override
    public String toString() {
        return channel + " " + instrument;
    }
}
