package io.fmzbridge.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One INFO line per FMZ call, written as its reply goes out:
 * {@code OKX ticker BTC_USDT 1.8 ms ok}, or {@code … error: <the words the strategy got>}. In the
 * JSON log format the fields also travel as key-value pairs, printed as fields of their own; the
 * text format goes without them, which spares a few map copies on every call.
 * Nothing here is a credential: the error text is the one already sent to the strategy.
 */
public final class CallLog {

    private static final Logger LOG = LoggerFactory.getLogger(CallLog.class);
    private static final String LINE = "{} {} {} {} ms {}";

    private final boolean enabled;
    private final boolean structured;

    /**
     * @param enabled    false for operators who want no line per call ({@code fmz.log.calls=false})
     * @param structured true when the log is JSON ({@code fmz.log.format=json}) and shows key-value pairs
     */
    public CallLog(boolean enabled, boolean structured) {
        this.enabled = enabled;
        this.structured = structured;
    }

    /**
     * @param exchange the exchange as the service address names it
     * @param error    the error the strategy was answered with, without the exchange prefix; null when it got data
     */
    public void write(String exchange, String method, String symbol, long nanos, String error) {
        write(exchange, method, symbol, nanos, error, null);
    }

    /**
     * @param source where market data came from, {@code stream} or {@code rest}; null for other calls.
     *               Shown as a field of the JSON format only: the text line stays as it always was.
     */
    public void write(String exchange, String method, String symbol, long nanos, String error, String source) {
        if (!enabled || !LOG.isInfoEnabled()) {
            return;
        }
        String shownMethod = LogText.word(method, 64);
        String shownSymbol = LogText.word(symbol, 32);
        String millis = millis(nanos);
        String outcome = error == null ? "ok" : "error";
        String end = error == null ? outcome : "error: " + error;
        if (!structured) {
            LOG.info(LINE, exchange, shownMethod, shownSymbol, millis, end);
            return;
        }
        LoggingEventBuilder line = LOG.atInfo()
                .addKeyValue("exchange", exchange)
                .addKeyValue("method", shownMethod)
                .addKeyValue("symbol", shownSymbol)
                .addKeyValue("latency_ms", millis)
                .addKeyValue("outcome", outcome);
        if (error != null) {
            line = line.addKeyValue("error", error);
        }
        if (source != null) {
            line = line.addKeyValue("source", source);
        }
        line.log(LINE, exchange, shownMethod, shownSymbol, millis, end);
    }

    /** Milliseconds to one decimal, without String.format's cost on every call. */
    static String millis(long nanos) {
        long tenths = Math.max(0, (nanos + 50_000) / 100_000);
        return tenths / 10 + "." + tenths % 10;
    }
}
