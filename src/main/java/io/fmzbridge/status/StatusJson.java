package io.fmzbridge.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fmzbridge.fmz.FmzJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** GET /observe/status.json: the status page's figures ({@link BridgeStatus}), gathered at each request. */
public final class StatusJson implements Processor {

    private final StatusHistory history;

    public StatusJson(StatusHistory history) {
        this.history = history;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        BridgeStatus status = new StatusCollector(exchange.getContext(), history).collect();
        Message reply = exchange.getMessage();
        reply.getHeaders().clear();
        reply.setHeader(Exchange.CONTENT_TYPE, "application/json");
        reply.setHeader("Cache-Control", "no-store");
        reply.setBody(FmzJson.MAPPER.writeValueAsBytes(status));
    }
}
