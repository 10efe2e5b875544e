package io.fmzbridge.gateway;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Message;
import org.apache.camel.http.common.DefaultHttpBinding;

/**
 * Jetty binding for the FMZ endpoint. The docker's content type is not documented, and a POST
 * without {@code application/json} would otherwise be parsed as form fields before the route sees
 * it; the bridge reads only the JSON body, so request parameters are never parsed.
 */
public final class JsonBodyBinding extends DefaultHttpBinding {

    public JsonBodyBinding() {
        setMapHttpMessageFormUrlEncodedBody(false);
    }

    @Override
    protected void populateRequestParameters(HttpServletRequest request, Message message) {
        // everything FMZ sends is in the JSON body
    }
}
