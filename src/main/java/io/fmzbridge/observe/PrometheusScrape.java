package io.fmzbridge.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** GET /observe/metrics: every meter of the registry in Prometheus's text format. */
public final class PrometheusScrape implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message reply = exchange.getMessage();
        reply.getHeaders().clear();
        MeterRegistry registry = Meters.of(exchange.getContext());
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            reply.setHeader(Exchange.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE);
            reply.setBody(prometheus.scrape(PrometheusTextFormatWriter.CONTENT_TYPE));
        } else {
            reply.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            reply.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            reply.setBody("the application's metricsRegistry is a " + registry.getClass().getSimpleName()
                    + ", not Prometheus's: scrape it where the application publishes it\n");
        }
    }
}
