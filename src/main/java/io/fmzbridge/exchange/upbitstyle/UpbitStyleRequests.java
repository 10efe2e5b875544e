package io.fmzbridge.exchange.upbitstyle;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.ExchangeProperty;

/**
 * FMZ parameters → the dialect's market-data calls, which Upbit and Bithumb spell alike. Each
 * exchange's own requests add its order calls, where the two differ in field names.
 */
public abstract class UpbitStyleRequests {

    public static final String ENDPOINT = "endpoint";
    public static final String REQUEST = "fmz";

    /** FMZ's period in minutes → the candle path (minute units 1…240, then days and weeks). */
    private static final Map<Long, String> CANDLES = new TreeMap<>(Map.ofEntries(
            Map.entry(1L, "/minutes/1"), Map.entry(3L, "/minutes/3"), Map.entry(5L, "/minutes/5"),
            Map.entry(10L, "/minutes/10"), Map.entry(15L, "/minutes/15"), Map.entry(30L, "/minutes/30"),
            Map.entry(60L, "/minutes/60"), Map.entry(240L, "/minutes/240"), Map.entry(1440L, "/days"),
            Map.entry(10080L, "/weeks")));

    static final int MAX_CANDLES = 200;
    /** Bithumb caps trade ticks at 500; Upbit documents no cap and gets the same (inferred). */
    static final int MAX_TRADES = 500;
    /**
     * Without a count both exchanges answer a single candle or trade: FMZ's GetRecords without a
     * limit gets a full page of bars, GetTrades the recent trades as other exchanges give them.
     */
    static final int DEFAULT_CANDLES = MAX_CANDLES;
    static final int DEFAULT_TRADES = 100;
    /** FMZ's GetDepth without a limit: 20 levels per side, of the up to 30 the book holds. */
    static final int DEFAULT_DEPTH = 20;

    private final String label;
    private final String detailsParam;

    /**
     * @param label        the exchange as error messages name it
     * @param detailsParam the market list's "with details" switch ({@code is_details} on Upbit)
     */
    protected UpbitStyleRequests(String label, String detailsParam) {
        this.label = label;
        this.detailsParam = detailsParam;
    }

    public RestCall ticker(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("markets", market(request.symbol()));
    }

    /**
     * The order book: its levels (up to 30) come in one piece; FMZ's limit is applied to the reply.
     * Read from the property: a ticker asks for the book with its own reply in the body.
     */
    public RestCall depth(@ExchangeProperty(REQUEST) FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("markets", market(request.symbol()));
    }

    public RestCall trades(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param("market", market(request.symbol())).param("count", counted(request, DEFAULT_TRADES, MAX_TRADES));
    }

    public RestCall records(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        long period = request.whole("period", 0);
        String unit = CANDLES.get(period);
        if (unit == null) {
            throw new FmzError("period " + request.param("period") + " has no " + label + " candle; periods in minutes: "
                    + CANDLES.keySet());
        }
        RestCall call = RestCall.of(endpoint);
        return new RestCall(call.verb(), call.path() + unit, "", "", Map.of())
                .param("market", market(request.symbol())).param("count", counted(request, DEFAULT_CANDLES, MAX_CANDLES));
    }

    public RestCall marketList(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint).param(detailsParam, "true");
    }

    /** The tickers of every market the market list (in the body) names. */
    public RestCall tickersOf(JsonNode marketList, @ExchangeProperty(ENDPOINT) String endpoint) {
        List<String> markets = new ArrayList<>();
        for (JsonNode m : marketList) {
            if (MarketCodes.isCode(m.path("market").asText())) {
                markets.add(m.path("market").asText());
            }
        }
        return RestCall.of(endpoint).param("markets", String.join(",", markets));
    }

    public RestCall plain(FmzRequest request, @ExchangeProperty(ENDPOINT) String endpoint) {
        return RestCall.of(endpoint);
    }

    /** The market code of an FMZ symbol, {@code KRW-BTC} for {@code BTC_KRW}. */
    protected final String market(FmzSymbol symbol) {
        return MarketCodes.of(symbol, label);
    }

    /** FMZ's {@code limit} (or the default when it gave none or 0), at most {@code max}. */
    protected static long counted(FmzRequest request, int fallback, int max) {
        return Math.min(request.whole("limit", fallback), max);
    }

    /** The levels per side FMZ asked for: its {@code limit}, {@value #DEFAULT_DEPTH} when it gave none. */
    public static int depthLevels(FmzRequest request) {
        return (int) Math.min(request.whole("limit", DEFAULT_DEPTH), Integer.MAX_VALUE);
    }

    /** FMZ's {@code limit}, at most {@code max}; null (left out) when FMZ gave none. */
}
