package io.fmzbridge.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The registry the bridge's meters go to: the context's {@link MeterRegistry} bound as
 * {@value #REGISTRY_NAME} (the name Camel's Micrometer components use, so an application that has
 * one shares it), or else a Prometheus registry made here with the JVM's meters, which the
 * management port serves.
 */
public final class Meters {

    public static final String REGISTRY_NAME = "metricsRegistry";

    private Meters() {
    }

    public static synchronized MeterRegistry of(CamelContext context) {
        MeterRegistry found = context.getRegistry().lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
        if (found != null) {
            return found;
        }
        PrometheusMeterRegistry made = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(made);
        new JvmThreadMetrics().bindTo(made);
        new ProcessorMetrics().bindTo(made);
        new UptimeMetrics().bindTo(made);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(made);
        context.getRegistry().bind(REGISTRY_NAME, made);
        try {
            // the GC meters listen to the JVM's collectors until the context stops
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    gc.close();
                    made.close();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot tie the meters to the context's life", e);
        }
        return made;
    }
}
