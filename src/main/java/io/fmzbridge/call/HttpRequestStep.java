package io.fmzbridge.call;

import io.fmzbridge.observe.LogText;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@link RestCall} in the body into what camel-http sends. Every header the FMZ request
 * brought in is dropped first, so only the call's own headers reach the exchange. The verb is set
 * as the enum camel-http expects: a string there costs a converter lookup on every call.
 */
public final class HttpRequestStep implements Processor {

    /** Exchange property holding the call, for error messages and for the exchange.IO reply. */
    public static final String CALL_PROPERTY = "restCall";
    /**
     * Whose allowance a call spends: the API key for signed calls (exchanges count those per key),
     * one shared bucket per exchange for public calls (counted per IP).
     */
    public static final String RATE_KEY_PROPERTY = "rateKey";
    /** Set by the signing step: the API key a call was signed with. */
    public static final String SIGNED_BY_PROPERTY = "signedBy";
    /** Set by the call leg: the id of the exchange it calls, for what it logs and measures. */
    public static final String EXCHANGE_PROPERTY = "callExchange";

    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestStep.class);

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        RestCall call = message.getMandatoryBody(RestCall.class);
        exchange.setProperty(CALL_PROPERTY, call);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} request {}", exchange.getProperty(EXCHANGE_PROPERTY), LogText.request(call.verb(), call.path(),
                    call.query(), call.body(), call.headers().get("Content-Type")));
        }
        String signedBy = exchange.getProperty(SIGNED_BY_PROPERTY, String.class);
        exchange.setProperty(RATE_KEY_PROPERTY, signedBy == null ? "public" : "key:" + signedBy);
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(call.verb()));
        message.setHeader(Exchange.HTTP_PATH, call.path());
        if (!call.query().isEmpty()) {
            message.setHeader(Exchange.HTTP_RAW_QUERY, call.query());
        }
        call.headers().forEach(message::setHeader);
        message.setBody(call.body().isEmpty() ? null : call.body());
    }
}
