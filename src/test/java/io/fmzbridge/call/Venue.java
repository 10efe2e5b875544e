package io.fmzbridge.call;

import static io.fmzbridge.RunningBridge.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.exchange.backpack.BackpackStub;
import io.fmzbridge.exchange.binance.BinanceStub;
import io.fmzbridge.exchange.bitfinex.BitfinexStub;
import io.fmzbridge.exchange.bithumb.BithumbStub;
import io.fmzbridge.exchange.coinbase.CoinbaseStub;
import io.fmzbridge.exchange.coinone.CoinoneStub;
import io.fmzbridge.exchange.korbit.KorbitStub;
import io.fmzbridge.exchange.kraken.KrakenStub;
import io.fmzbridge.exchange.okx.OkxStub;
import io.fmzbridge.exchange.upbit.UpbitStub;
import io.fmzbridge.exchange.zerocap.ZerocapStub;
import io.fmzbridge.stub.StubExchange;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Named;

/**
 * One of the eleven exchanges with its stub running, for tests that put every exchange through the
 * same fault: an FMZ call that sends exactly one request to {@code path}, and, where the stub can
 * move its clock, a signed call with the time it carried.
 *
 * @param label     the FMZ path without its slash, which is also the error prefix ("OKX")
 * @param call      a fresh envelope each time (FMZ's nonce changes per call)
 * @param path      the stub path {@code call} reaches, for faults
 * @param clock     moves the stub's clock; null when the stub has none (Date-header exchanges)
 * @param sentAt    the time a signed request claimed, in ms; null when it claims none
 */
record Venue(String label, String id, StubExchange stub, Map<String, String> properties, Supplier<ObjectNode> call,
             String path, Consumer<Clock> clock, Supplier<ObjectNode> signedCall, Function<StubRequest, Long> sentAt)
        implements AutoCloseable {

    String fmzPath() {
        return "/" + label;
    }

    @Override
    public void close() {
        stub.close();
    }

    /** Every exchange, each started only when its case runs. */
    static List<Named<Supplier<Venue>>> all() {
        return List.of(Named.of("OKX", Venue::okx), Named.of("Binance", Venue::binance),
                Named.of("Backpack", Venue::backpack), Named.of("Zerocap", Venue::zerocap), Named.of("Upbit", Venue::upbit),
                Named.of("Bithumb", Venue::bithumb), Named.of("Korbit", Venue::korbit), Named.of("Coinone", Venue::coinone),
                Named.of("Coinbase", Venue::coinbase), Named.of("Kraken", Venue::kraken), Named.of("Bitfinex", Venue::bitfinex));
    }

    /**
     * The exchanges whose stub keeps a clock of its own and whose signatures claim a time. Not
     * Zerocap: it signs its time call too, which the clock job cannot (it holds no key).
     */
    static List<Named<Supplier<Venue>>> clocked() {
        return List.of(Named.of("OKX", Venue::okx), Named.of("Binance", Venue::binance),
                Named.of("Backpack", Venue::backpack), Named.of("Korbit", Venue::korbit));
    }

    static Venue okx() {
        OkxStub stub = OkxStub.start();
        stub.addAccount("okx-key", "okx-secret", "phrase");
        return new Venue("OKX", "okx", stub, Map.of("fmz.exchange.okx.base-url", stub.baseUrl()),
                () -> envelope("ticker", "", "", "symbol", "BTC_USDT"), "/api/v5/market/ticker",
                stub::useClock, () -> envelope("accounts", "okx-key", "okx-secret,phrase"),
                sent -> Instant.parse(sent.header("OK-ACCESS-TIMESTAMP")).toEpochMilli());
    }

    static Venue binance() {
        BinanceStub stub = BinanceStub.start();
        stub.addAccount("binance-key", "binance-secret");
        return new Venue("Binance", "binance", stub, Map.of("fmz.exchange.binance.base-url", stub.baseUrl()),
                () -> envelope("ticker", "", "", "symbol", "BTC_USDT"), "/api/v3/ticker/24hr",
                stub::useClock, () -> envelope("accounts", "binance-key", "binance-secret"),
                sent -> Long.parseLong(StubExchange.parseQuery(sent.rawQuery()).get("timestamp")));
    }

    static Venue backpack() {
        BackpackStub stub = BackpackStub.start();
        BackpackStub.ApiKey key = stub.addAccount(Map.of("USDC", Map.of("available", "1", "locked", "0", "staked", "0")));
        return new Venue("Backpack", "backpack", stub, Map.of("fmz.exchange.backpack.base-url", stub.baseUrl()),
                () -> envelope("depth", "", "", "symbol", "SOL_USDC"), "/api/v1/depth",
                stub::useClock, () -> envelope("accounts", key.publicKey(), key.secret()),
                sent -> Long.parseLong(sent.header("X-Timestamp")));
    }

    /** Zerocap's REST calls are all signed; prices come over a websocket these tests leave alone. */
    static Venue zerocap() {
        ZerocapStub stub = ZerocapStub.start();
        stub.addAccount("zerocap-key", "zerocap-secret");
        return new Venue("Zerocap", "zerocap", stub, Map.of("fmz.exchange.zerocap.base-url", stub.restUrl()),
                () -> envelope("accounts", "zerocap-key", "zerocap-secret"), "/v2/orders/get_balances", null, null, null);
    }

    static Venue upbit() {
        UpbitStub stub = UpbitStub.start();
        return new Venue("Upbit", "upbit", stub, Map.of("fmz.exchange.upbit.base-url", stub.baseUrl()),
                () -> envelope("trades", "", "", "symbol", "BTC_KRW"), "/v1/trades/ticks", null, null, null);
    }

    static Venue bithumb() {
        BithumbStub stub = BithumbStub.start();
        return new Venue("Bithumb", "bithumb", stub, Map.of("fmz.exchange.bithumb.base-url", stub.baseUrl()),
                () -> envelope("trades", "", "", "symbol", "BTC_KRW"), "/v1/trades/ticks", null, null, null);
    }

    static Venue korbit() {
        KorbitStub stub = KorbitStub.start();
        stub.addHmacKey("korbit-key", "korbit-secret");
        return new Venue("Korbit", "korbit", stub, Map.of("fmz.exchange.korbit.base-url", stub.baseUrl()),
                () -> envelope("ticker", "", "", "symbol", "BTC_KRW"), "/v2/tickers",
                stub::useClock, () -> envelope("accounts", "korbit-key", "korbit-secret"),
                sent -> Long.parseLong(StubExchange.parseQuery(sent.rawQuery()).get("timestamp")));
    }

    static Venue coinone() {
        CoinoneStub stub = CoinoneStub.start();
        return new Venue("Coinone", "coinone", stub, Map.of("fmz.exchange.coinone.base-url", stub.baseUrl()),
                () -> envelope("ticker", "", "", "symbol", "BTC_KRW"), "/public/v2/ticker_new/KRW/BTC", null, null, null);
    }

    static Venue coinbase() {
        CoinbaseStub stub = CoinbaseStub.start();
        return new Venue("Coinbase", "coinbase", stub, Map.of("fmz.exchange.coinbase.base-url", stub.baseUrl()),
                () -> envelope("depth", "", "", "symbol", "BTC_USD"), "/api/v3/brokerage/market/product_book", null, null, null);
    }

    /** Kraken's ticker first loads its pair names (AssetPairs); the fault is on the ticker itself. */
    static Venue kraken() {
        KrakenStub stub = KrakenStub.start();
        return new Venue("Kraken", "kraken", stub, Map.of("fmz.exchange.kraken.base-url", stub.baseUrl()),
                () -> envelope("ticker", "", "", "symbol", "BTC_USD"), "/0/public/Ticker", null, null, null);
    }

    static Venue bitfinex() {
        BitfinexStub stub = BitfinexStub.start();
        return new Venue("Bitfinex", "bitfinex", stub, Map.of("fmz.exchange.bitfinex.base-url", stub.baseUrl()),
                () -> envelope("ticker", "", "", "symbol", "BTC_USDT"), "/v2/ticker/tBTCUST", null, null, null);
    }
}
