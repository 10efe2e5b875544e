package io.fmzbridge.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.observe.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of every FMZ call: names the exchange from the request path, reads and checks the
 * JSON envelope, and leaves an {@link FmzRequest} as body and under the {@link FmzCall} properties for
 * the exchange's route.
 * Inbound HTTP headers are dropped here so none of them can leak into an exchange call.
 */
public final class EnvelopeReader implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeReader.class);

    private static final Pattern EXCHANGE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    // compiled once: String.replaceAll would compile them again on every call
    private static final Pattern OUTER_SLASHES = Pattern.compile("^/+|/+$");
    private static final Pattern UNPRINTABLE = Pattern.compile("[^A-Za-z0-9._-]");

    /** How much of an oversized body is read and dropped, in multiples of the cap, before giving up on the sender. */
    private static final int DROPPED_BODY_FACTOR = 16;

    private final int maxBodyBytes;
    /**
     * Service addresses already found among the routes, each with the exchange it serves (itself,
     * or for a futures address the exchange it belongs to), so a call does not walk the context's
     * routes each time; only real exchange routes get in, so it cannot grow past them.
     */
    private final Map<String, String> servedAddresses = new ConcurrentHashMap<>();

    public EnvelopeReader(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        exchange.setProperty(FmzCall.RECEIVED_PROPERTY, System.nanoTime());
        Message in = exchange.getMessage();
        String label = label(in.getHeader(Exchange.HTTP_PATH, String.class));
        exchange.setProperty(FmzCall.LABEL_PROPERTY, label);
        String id = label.toLowerCase(Locale.ROOT);
        String servedExchange = servedExchange(exchange, id);
        if (servedExchange == null) {
            throw new FmzError("unknown exchange '" + label + "' in the service address (served: "
                    + String.join(", ", ExchangeRoutes.ids(exchange.getContext())) + ")");
        }
        exchange.setProperty(FmzCall.EXCHANGE_PROPERTY, id);
        String verb = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if (!"POST".equals(verb)) {
            throw new FmzError("the bridge serves POST requests from the FMZ docker, not " + verb);
        }
        String httpMethod = in.getHeader(JsonBodyBinding.FMZ_HTTP_METHOD, String.class);
        JsonNode envelope = parse(readCapped(in.getBody(InputStream.class), in.getHeader(Exchange.CONTENT_LENGTH, Long.class)));
        in.getHeaders().clear();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} request {}", label, LogText.envelope(envelope));
        }

        FmzRequest request = new FmzRequest(servedExchange, method(envelope), params(envelope),
                text(envelope, "access_key"), text(envelope, "secret_key"), httpMethod, nonce(envelope));
        exchange.setProperty(FmzCall.REQUEST_PROPERTY, request);
        exchange.setProperty(FmzCall.METHOD_PROPERTY, request.method());
        in.setBody(request);
    }

    private static String label(String path) {
        String label = path == null ? "" : OUTER_SLASHES.matcher(path).replaceAll("");
        if (label.isEmpty()) {
            throw new FmzError("the service address must name the exchange, like http://127.0.0.1:6666/OKX");
        }
        return label.length() > 32 ? label.substring(0, 32) : UNPRINTABLE.matcher(label).replaceAll("?");
    }

    /** The exchange a service address serves, or null when it names none. */
    private String servedExchange(Exchange exchange, String id) {
        String served = servedAddresses.get(id);
        if (served != null || !EXCHANGE_ID.matcher(id).matches()) {
            return served;
        }
        Route route = exchange.getContext().getRoute(id);
        if (route != null && ExchangeRoutes.isExchangeRoute(route)) {
            served = id;
        } else if (route != null && ExchangeRoutes.isFuturesAddress(route, exchange.getContext())) {
            served = ExchangeRoutes.exchangeOf(id);
        }
        if (served != null) {
            servedAddresses.put(id, served);
        }
        return served;
    }

    /**
     * The body, at most the cap. A declared length sizes the one array the body is read into; a
     * body sent in chunks is read up to one byte past the cap. Nothing over the cap is kept: the
     * rest is read and dropped, up to a bound, so the sender is still reading when the error goes
     * back; past the bound the connection is simply closed.
     */
    private byte[] readCapped(InputStream body, Long declaredLength) throws IOException {
        if (body == null) {
            throw new FmzError("empty request body: expected the FMZ JSON envelope");
        }
        try (body) {
            if (declaredLength != null && declaredLength > maxBodyBytes) {
                throw overTheLimit(body);
            }
            byte[] bytes = body.readNBytes(declaredLength != null && declaredLength >= 0
                    ? declaredLength.intValue() : maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw overTheLimit(body);
            }
            if (bytes.length == 0) {
                throw new FmzError("empty request body: expected the FMZ JSON envelope");
            }
            return bytes;
        }
    }

    private FmzError overTheLimit(InputStream body) throws IOException {
        long toDrop = (long) maxBodyBytes * DROPPED_BODY_FACTOR;
        byte[] scrap = new byte[8192];
        for (int read = 0; toDrop > 0 && read >= 0; toDrop -= read) {
            read = body.read(scrap, 0, (int) Math.min(scrap.length, toDrop));
        }
        return new FmzError("request body is over the " + maxBodyBytes + "-byte limit");
    }

    private static JsonNode parse(byte[] bytes) {
        JsonNode envelope;
        try {
            envelope = FmzJson.MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new FmzError("request body is nested too deeply or holds an oversized value");
        } catch (JsonProcessingException e) {
            throw new FmzError("request body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new FmzError("request body could not be read");
        }
        if (envelope == null || !envelope.isObject()) {
            throw new FmzError("request body must be a JSON object {access_key, secret_key, method, nonce, params}");
        }
        return envelope;
    }

    private static String method(JsonNode envelope) {
        JsonNode method = envelope.get("method");
        if (method == null || method.isNull()) {
            throw new FmzError("missing 'method' in the request");
        }
        if (!method.isTextual() || method.asText().isBlank()) {
            throw new FmzError("'method' must be a non-empty string");
        }
        return method.asText();
    }

    private static JsonNode params(JsonNode envelope) {
        JsonNode params = envelope.get("params");
        boolean legacyIo = envelope.has("code") || envelope.has("args");
        if ((params == null || params.isNull()) && !legacyIo) {
            throw new FmzError("missing 'params' in the request (send {} when there are none)");
        }
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new FmzError("'params' must be a JSON object");
        }
        if (!legacyIo) {
            return params;
        }
        // the older futures envelope may carry code and args beside params: they join params
        ObjectNode merged = params == null || params.isNull() ? FmzJson.MAPPER.createObjectNode() : params.deepCopy();
        for (String field : new String[] {"code", "args"}) {
            if (envelope.has(field) && !merged.has(field)) {
                merged.set(field, envelope.get(field));
            }
        }
        return merged;
    }

    /** FMZ's nonce, a 19-digit number; kept as text since only its identity matters. */
    private static String nonce(JsonNode envelope) {
        JsonNode nonce = envelope.get("nonce");
        return nonce != null && (nonce.isIntegralNumber() || nonce.isTextual()) && !nonce.asText().isBlank()
                ? nonce.asText() : null;
    }

    private static String text(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new FmzError("'" + field + "' must be a string");
        }
        return value.asText();
    }
}
