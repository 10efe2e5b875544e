package io.fmzbridge.stream;

/**
 * One subscription: a channel of one instrument, as the exchange names the instrument on its stream
 * ({@code BTC-USDT} on OKX, {@code btcusdt} on Binance).
 */
public record Topic(Channel channel, String instrument) {

    @Override
    public String toString() {
        return channel + " " + instrument;
    }
}
