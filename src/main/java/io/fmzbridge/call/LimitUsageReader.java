package io.fmzbridge.call;

import java.util.Map;
import org.apache.camel.Message;

/**
 * An exchange's reply headers that say how much of its limits is spent or left (Binance's
 * {@code X-MBX-USED-WEIGHT-1M}, Upbit's {@code Remaining-Req}, Korbit's {@code Ratelimit}), read after every
 * reply so the bridge's count keeps in step with the exchange's when another program uses the same
 * address or account. An exchange has one by binding a bean named {@code <id>LimitUsage}
 * (binanceLimitUsage) in its route file; it implements whichever of the two its headers tell.
 */
public interface LimitUsageReader {

    /** The bean name the call leg looks for: {@code <exchange id>LimitUsage}. */
    static String beanName(String exchangeId) {
        return exchangeId + "LimitUsage";
    }

    /**
     * What the exchange says is spent, by the name of the limit it declares
     * ({@code fmz.exchange.<id>.limits.<name>}); empty when the reply says nothing.
     */
    default Map<String, Long> used(Message reply) {
        return Map.of();
    }

    /** What the exchange says is left of a limit's figure, by the limit's name; empty when the reply says nothing. */
    default Map<String, Long> remaining(Message reply) {
        return Map.of();
    }
}
