package io.fmzbridge.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.observe.LogText;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last step of every FMZ call: HTTP 200 with a JSON body, {@code {"data", "raw"}} on success and
 * {@code {"error": "<exchange>: <what happened>"}} on failure; a request the bridge does not serve
 * at all ({@link CallerCheck}: a web page's) gets the same error body with HTTP 403. All headers of
 * the exchange call are dropped first: the reply must not echo signatures or passphrases back as
 * HTTP headers.
 */
public final class ReplyWriter {

    /** The error the strategy is answered with, without the exchange prefix; absent when it gets data. */
    public static final String ERROR_PROPERTY = "fmzError";

    private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);

    public void data(Exchange exchange) throws JsonProcessingException {
        write(exchange.getMessage(), FmzJson.MAPPER.writeValueAsBytes(exchange.getMessage().getBody(FmzReply.class)));
    }

    public void error(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RestCall call = exchange.getProperty(HttpRequestStep.CALL_PROPERTY, RestCall.class);
        String label = exchange.getProperty(FmzCall.LABEL_PROPERTY, "bridge", String.class);
        String description = FailureMessages.describe(failure, call);
        String method = exchange.getProperty(FmzCall.METHOD_PROPERTY, "-", String.class);
        // expected failures are told by the call's own line (CallReport); a bug also needs its trace
        if (!FailureMessages.isExpected(failure)) {
            LOG.warn("{} {} failed unexpectedly: {}", label, LogText.word(method, 64), description, failure);
        }
        exchange.setProperty(ERROR_PROPERTY, description);
        write(exchange.getMessage(), FmzJson.MAPPER.writeValueAsBytes(Map.of("error", label + ": " + description)),
                failure instanceof CallerRefused ? 403 : 200);
    }

    private static void write(Message message, byte[] json) {
        write(message, json, 200);
    }

    private static void write(Message message, byte[] json, int status) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("reply {}", LogText.reply(json));
        }
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json);
    }
}
