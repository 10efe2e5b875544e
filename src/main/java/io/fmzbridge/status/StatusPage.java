package io.fmzbridge.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * GET /observe/status: one HTML page (status/status.html) whose own script reads status.json every few
 * seconds. Its content security policy lets it load nothing but that: no script, style, font or image
 * from anywhere, so it works offline and a copy of the page cannot be made to call out.
 */
public final class StatusPage implements Processor {

    static final String RESOURCE = "status/status.html";
    private static final String POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] page;

    public StatusPage() {
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public void process(Exchange exchange) {
        Message reply = exchange.getMessage();
        reply.getHeaders().clear();
        reply.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        reply.setHeader("Content-Security-Policy", POLICY);
        reply.setHeader("Cache-Control", "no-store");
        reply.setBody(page);
    }
}
