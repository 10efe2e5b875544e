package io.fmzbridge.gateway;

import io.fmzbridge.fmz.FmzCall;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.StartupListener;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.LoggerFactory;

/**
 * Starts an exchange's scheduled jobs (jobs.camel.yaml: clock sync, market rules) once the bridge is
 * used for it: after its first FMZ call has been answered, or at start for the exchanges named in
 * {@code fmz.exchanges.warm}. Until then nothing calls an exchange nobody trades on. An exchange's
 * jobs are the routes of group {@value #GROUP} made from a template with its id as parameter
 * {@value #EXCHANGE_PARAMETER}; each runs at once when started and then on its interval. They are
 * started off the caller's thread, so the first reply does not wait for them.
 */
public final class ExchangeJobs implements Processor, StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeJobs.class);
    /** The route group of every job. */
    static final String GROUP = "jobs";
    /** The job template's parameter naming its exchange. */
    static final String EXCHANGE_PARAMETER = "exchange";

    private final CamelContext context;
    private final List<String> warm;
    /** Exchanges whose jobs have been started (or had none to start). */
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    /** Each job route's last run (System.nanoTime()). */
    private final Map<String, Long> lastRuns = new ConcurrentHashMap<>();
    // guarded by this
    private ExecutorService starter;

    private ExchangeJobs(CamelContext context, List<String> warm) {
        this.context = context;
        this.warm = warm;
    }

    /**
     * The jobs starter of {@code context}, warming {@code warm} (comma-separated exchange ids) once its
     * routes have started. camel-main runs the factory methods of a configuration class more than once,
     * so a second call finds the first one bound and returns it rather than warm twice.
     */
    public static ExchangeJobs of(CamelContext context, String warm) throws Exception {
        ExchangeJobs bound = context.getRegistry().findSingleByType(ExchangeJobs.class);
        if (bound != null && bound.context == context) {
            return bound;
        }
        ExchangeJobs jobs = new ExchangeJobs(context, Arrays.stream(warm.split(","))
                .map(id -> id.trim().toLowerCase(Locale.ROOT)).filter(id -> !id.isEmpty()).distinct().toList());
        context.addStartupListener(jobs);
        return jobs;
    }

    /** Gateway step, after every FMZ call: the first call to an exchange starts its jobs. */
    @Override
    public void process(Exchange exchange) {
        // set only once the service address named an exchange the bridge serves
        String id = exchange.getProperty(FmzCall.EXCHANGE_PROPERTY, String.class);
        if (id != null && !started.contains(id)) {
            start(id, "first call");
        }
    }

    /** Starts the exchange's jobs now, unless they already run. */
    public void start(String exchangeId) {
        start(exchangeId, "asked");
    }

    /** Off the caller's thread, and never failing the call that asked: the reply is already made. */
    private void start(String exchangeId, String why) {
        if (!started.add(exchangeId)) {
            return;
        }
        try {
            starter().execute(() -> startJobs(exchangeId, why));
        } catch (RuntimeException stopping) {
            started.remove(exchangeId); // the context is stopping: nothing left to start
        }
    }

    private void startJobs(String exchangeId, String why) {
        try {
            // a job switched off is not among the routes at all (its precondition left it out)
            List<String> routes = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()
                    .stream()
                    .filter(route -> GROUP.equals(route.getGroup()) && route.getTemplateParameters() != null
                            && exchangeId.equals(route.getTemplateParameters().get(EXCHANGE_PARAMETER)))
                    .map(RouteDefinition::getRouteId).sorted().toList();
            if (routes.isEmpty()) {
                return; // an exchange without jobs (Zerocap), or its jobs switched off
            }
            for (String route : routes) {
                context.getRouteController().startRoute(route);
                runNow(route);
            }
            LOG.info("{} jobs started ({}): {}", exchangeId, why, String.join(", ", routes));
        } catch (Exception e) {
            started.remove(exchangeId); // its next call tries again
            LOG.warn("{} jobs could not be started, the next call tries again: {}", exchangeId, e.toString());
        }
    }

    /**
     * A job's Quartz trigger beats from the bridge's start, its beats unheard while the route was
     * stopped: the job runs once now, and the trigger keeps the interval from here on. Should the
     * trigger's own first beat come just as the route starts, {@link #ranJustNow} keeps it to one run.
     */
    private void runNow(String route) throws SchedulerException {
        if (context.getRoute(route).getEndpoint() instanceof QuartzEndpoint job) {
            Scheduler scheduler = job.getComponent().getScheduler();
            Trigger trigger = scheduler.getTrigger(job.getTriggerKey());
            if (trigger != null) {
                scheduler.triggerJob(trigger.getJobKey());
            }
        }
    }

    /**
     * A job's first step: whether this run comes within half an interval of the job's last one, and is
     * that run twice (the trigger's beat and {@link #runNow} meeting); otherwise it counts as the last run.
     */
    public boolean ranJustNow(String route, long intervalMs) {
        long now = System.nanoTime();
        long halfInterval = TimeUnit.MILLISECONDS.toNanos(intervalMs) / 2;
        boolean[] repeat = {false};
        // one atomic look and mark: the two runs may come on two Quartz threads at once
        lastRuns.compute(route, (job, last) -> {
            repeat[0] = last != null && now - last < halfInterval;
            return repeat[0] ? last : now;
        });
        return repeat[0];
    }

    private synchronized ExecutorService starter() {
        if (starter == null) {
            // ended by the context when it stops
            starter = context.getExecutorServiceManager().newSingleThreadExecutor(this, "ExchangeJobs");
        }
        return starter;
    }

    @Override
    public void onCamelContextStarted(CamelContext startedContext, boolean alreadyStarted) {
        // the routes may not all run yet: warming waits for onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext startedContext, boolean alreadyStarted) {
        List<String> served = ExchangeRoutes.ids(context);
        for (String id : warm) {
            if (served.contains(id)) {
                start(id, "fmz.exchanges.warm");
            } else {
                LOG.warn("fmz.exchanges.warm names '{}', which the bridge does not serve (served: {})", id,
                        String.join(", ", served));
            }
        }
    }

    /** The exchanges fmz.exchanges.warm names, as read. */
    public List<String> warm() {
        return warm;
    }
}
