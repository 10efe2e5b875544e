package io.fmzbridge.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzMethods;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.observe.CallLog;
import io.fmzbridge.observe.CallMetrics;
import io.fmzbridge.observe.RecentErrors;
import io.fmzbridge.stream.MarketStream;
import org.apache.camel.Exchange;
import java.util.List;
import org.apache.camel.Processor;

/**
 * After every FMZ call's reply is written: its latency in {@code fmz_calls} and its line in the
 * log, once, whatever the outcome. Metric tags come from closed sets so a caller cannot grow them:
 * the exchange route's id ("unknown" when the service address named none), FMZ's method names.
 * An error's words are kept among the exchange's recent ones, for the status page.
 */
public final class CallReport implements Processor {

    private final CallMetrics metrics;
    private final CallLog log;
    private final RecentErrors recentErrors;

    public CallReport(CallMetrics metrics, CallLog log, RecentErrors recentErrors) {
        this.metrics = metrics;
        this.log = log;
        this.recentErrors = recentErrors;
    }

    @Override
    public void process(Exchange exchange) {
        Long received = exchange.getProperty(FmzCall.RECEIVED_PROPERTY, Long.class);
        long nanos = received == null ? 0 : System.nanoTime() - received;
        String exchangeId = exchange.getProperty(FmzCall.EXCHANGE_PROPERTY, "unknown", String.class);
        String method = exchange.getProperty(FmzCall.METHOD_PROPERTY, String.class);
        String error = exchange.getProperty(ReplyWriter.ERROR_PROPERTY, String.class);
        metrics.call(exchangeId, FmzMethods.closedName(method), error == null, nanos);
        // set by an exchange whose market data can come from its stream (MarketStream)
        String source = exchange.getProperty(MarketStream.SOURCE_PROPERTY, String.class);
        if (source != null && error == null) {
            metrics.marketDataAnswer(exchangeId, FmzMethods.closedName(method), MarketStream.FROM_STREAM.equals(source));
        }
        if (FailureMessages.isBridgeRateLimit(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))) {
            metrics.rateLimitRefusal(exchangeId, "bridge-limit");
        }
        FmzRequest request = exchange.getProperty(FmzCall.REQUEST_PROPERTY, FmzRequest.class);
        if (error != null) {
            recentErrors.add(exchangeId, method, error, request == null ? List.of()
                    : List.of(request.accessKey(), request.secretKey()));
        }
        log.write(exchange.getProperty(FmzCall.LABEL_PROPERTY, "-", String.class), method,
                symbol(request), nanos, error, error == null ? source : null);
    }

    private static String symbol(FmzRequest request) {
        JsonNode symbol = request == null ? null : request.params().get("symbol");
        return symbol != null && symbol.isValueNode() ? symbol.asText() : null;
    }
}
