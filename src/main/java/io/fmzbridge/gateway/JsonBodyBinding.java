package io.fmzbridge.gateway;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.DefaultHttpBinding;

/**
 * Jetty binding for the FMZ endpoint. The docker's content type is not documented, and a POST
 * without {@code application/json} would otherwise be parsed as form fields before the route sees
 * it; the bridge reads only the JSON body, so request parameters are never parsed. Of the request's
 * headers only those the gateway reads are taken: FMZ's {@code Http-Method} (the verb of an
 * exchange.IO call), the body's declared length, and for {@link CallerCheck} the {@code Host} and
 * the browser-only headers. No other inbound header enters the route.
 */
public final class JsonBodyBinding extends DefaultHttpBinding {

    /** The header FMZ's exchange.IO uses to name the exchange call's verb. */
    public static final String FMZ_HTTP_METHOD = "Http-Method";

    public JsonBodyBinding() {
        setMapHttpMessageFormUrlEncodedBody(false);
    }

    @Override
    protected void populateRequestParameters(HttpServletRequest request, Message message) {
        // everything FMZ sends is in the JSON body
    }

    @Override
    protected void readHeaders(HttpServletRequest request, Message message) {
        String verb = request.getHeader(FMZ_HTTP_METHOD);
        if (verb != null) {
            message.setHeader(FMZ_HTTP_METHOD, verb);
        }
        for (String header : CallerCheck.BROWSER_HEADERS) {
            String value = request.getHeader(header);
            if (value != null) {
                message.setHeader(header, value);
            }
        }
        String host = request.getHeader(CallerCheck.HOST);
        if (host != null) {
            message.setHeader(CallerCheck.HOST, host);
        }
        long length = request.getContentLengthLong();
        if (length >= 0) {
            message.setHeader(Exchange.CONTENT_LENGTH, length);
        }
    }
}
