package io.fmzbridge.call;

import io.fmzbridge.observe.LogText;
import io.fmzbridge.sign.PendingSignature;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step before a call leaves: signs the {@link RestCall} in the body when its route asked for a
 * signature (now, after any rate-limit wait), then turns it into what camel-http sends. Every header
 * the FMZ request brought in is dropped first, so only the call's own headers reach the exchange. The
 * verb is set as the enum camel-http expects: a string there costs a converter lookup on every call.
 */
public final class HttpRequestStep implements Processor {

    /** Every request names its client: some exchanges refuse one without (Kraken: EGeneral:Invalid arguments:User-Agent). */
    static final String USER_AGENT = "User-Agent";
    static final String BRIDGE_AGENT = "fmz-camel-bridge";

    /** Exchange property holding the call as sent, for error messages and for the exchange.IO reply. */
    public static final String CALL_PROPERTY = "restCall";
    /**
     * Set by the call leg ({@link CallAllowance#enter}): whose calls an exchange's 429 holds. The API key
     * for signed calls, the public calls together, or every call where the exchange bans by address
     * ({@code rate-limit-per=ip}).
     */
    public static final String RATE_KEY_PROPERTY = "rateKey";
    /** Set by the call leg: the id of the exchange it calls, for what it logs and measures. */
    public static final String EXCHANGE_PROPERTY = "callExchange";
    /** Set by the call leg ({@link CallAllowance#enter}): the signature this call is to carry, if any. */
    static final String SIGNATURE_PROPERTY = "legSignature";
    /**
     * Set once a call is about to be written: from here on the exchange may have received it, so an
     * order whose reply is missing may exist. Absent, nothing left the bridge.
     */
    public static final String LEAVING_PROPERTY = "requestLeaving";
    /**
     * Set by a route whose call goes to another host of the same exchange (Binance's futures APIs
     * on fapi and dapi): that host's base URL, in place of the leg's. Taken, not read, so the next
     * call of the same FMZ request goes where its own route says.
     */
    public static final String BASE_URL_PROPERTY = "callBaseUrl";

    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestStep.class);

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        RestCall call;
        try {
            call = signed(exchange, message.getMandatoryBody(RestCall.class));
        } catch (RuntimeException | InvalidPayloadException e) {
            CallAllowance.giveBackUnsent(exchange); // nothing leaves: its places are free, and the key's next call may go
            throw e;
        }
        exchange.setProperty(CALL_PROPERTY, call);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} request {}", exchange.getProperty(EXCHANGE_PROPERTY), LogText.request(call.verb(), call.path(),
                    call.query(), call.body(), call.headers().get("Content-Type")));
        }
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(call.verb()));
        message.setHeader(Exchange.HTTP_PATH, call.path());
        Object otherHost = exchange.removeProperty(BASE_URL_PROPERTY);
        if (otherHost != null) {
            message.setHeader(Exchange.HTTP_URI, otherHost.toString());
        }
        if (!call.query().isEmpty()) {
            message.setHeader(Exchange.HTTP_RAW_QUERY, call.query());
        }
        call.headers().forEach(message::setHeader);
        if (!call.headers().containsKey(USER_AGENT)) {
            message.setHeader(USER_AGENT, BRIDGE_AGENT);
        }
        message.setBody(call.body().isEmpty() ? null : call.body());
        exchange.setProperty(LEAVING_PROPERTY, Boolean.TRUE);
    }

    private static RestCall signed(Exchange exchange, RestCall call) {
        PendingSignature signature = exchange.getProperty(SIGNATURE_PROPERTY, PendingSignature.class);
        if (signature == null) {
            return call;
        }
        exchange.removeProperty(SIGNATURE_PROPERTY);
        return signature.signNow(call);
    }
}
