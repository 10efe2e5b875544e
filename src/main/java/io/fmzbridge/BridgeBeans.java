package io.fmzbridge;

import io.fmzbridge.call.ApiPassThrough;
import io.fmzbridge.call.BreakerStates;
import io.fmzbridge.call.CallAllowance;
import io.fmzbridge.call.CallBudget;
import io.fmzbridge.call.CallLegClock;
import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.call.Testnets;
import io.fmzbridge.call.HttpRequestStep;
import io.fmzbridge.call.MarketBuySizing;
import io.fmzbridge.call.MarketRules;
import io.fmzbridge.call.OrderPlacements;
import io.fmzbridge.call.RateLimitBackoff;
import io.fmzbridge.call.ServerErrors;
import io.fmzbridge.declarative.BeanMethodsCheck;
import io.fmzbridge.declarative.DeclaredRoutesCheck;
import io.fmzbridge.futures.FuturesCalls;
import io.fmzbridge.futures.FuturesSettings;
import io.fmzbridge.gateway.CallReport;
import io.fmzbridge.gateway.CallerCheck;
import io.fmzbridge.gateway.EnvelopeReader;
import io.fmzbridge.gateway.ExchangeJobs;
import io.fmzbridge.gateway.GatewayReadiness;
import io.fmzbridge.gateway.JsonBodyBinding;
import io.fmzbridge.gateway.ReplyWriter;
import io.fmzbridge.gateway.UnknownMethods;
import io.fmzbridge.vault.VaultCredentials;
import io.fmzbridge.observe.CallLog;
import io.fmzbridge.observe.CallMetrics;
import io.fmzbridge.observe.Meters;
import io.fmzbridge.observe.RecentErrors;
import io.fmzbridge.stream.StreamHealth;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The beans the gateway and every exchange share, by the names the YAML routes use. Each
 * exchange's own beans (signer, request builder, mapper) are declared in its route file.
 * Add this configuration to a CamelContext and load the route files, and the bridge runs there.
 */
public class BridgeBeans implements CamelConfiguration, CamelContextAware {

    private CamelContext camelContext;
    /** The bridge's meters, in the context's metricsRegistry (see Meters) once the context runs. */
    private final CallMetrics callMetrics = new CallMetrics(() -> Meters.of(camelContext));
    private final RecentErrors recentErrors = new RecentErrors(Clock.systemUTC());

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        try {
            camelContext.addStartupListener(new BreakerStates(callMetrics));
            // a declared exchange's route file is checked before the first call, not at it
            camelContext.addStartupListener(new DeclaredRoutesCheck());
            camelContext.addLifecycleStrategy(new BeanMethodsCheck());
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the exchanges' circuit breakers", e);
        }
    }

    // --- the FMZ side ---

    /** A web page's request, or one for a host name not the bridge's, is refused before anything is read. */
    @BindToRegistry
    public CallerCheck callerCheck(@PropertyInject("fmz.listen.host") String listenHost,
                                   @PropertyInject("fmz.listen.port") int listenPort,
                                   @PropertyInject(value = "fmz.listen.allowed-hosts", defaultValue = "") String allowedHosts) {
        return new CallerCheck(listenHost, listenPort, allowedHosts);
    }

    @BindToRegistry
    public EnvelopeReader envelopeReader(@PropertyInject(value = "fmz.listen.max-body-bytes", defaultValue = "65536") int maxBodyBytes) {
        return new EnvelopeReader(maxBodyBytes);
    }

    @BindToRegistry
    public ReplyWriter replyWriter() {
        return new ReplyWriter();
    }

    @BindToRegistry
    public UnknownMethods unknownMethods() {
        return new UnknownMethods();
    }

    @BindToRegistry
    public JsonBodyBinding fmzHttpBinding() {
        return new JsonBodyBinding();
    }

    /** Off while fmz.vault.file is empty; otherwise the vault is read here, so a wrong password stops the start. */
    @BindToRegistry
    public VaultCredentials vaultCredentials(@PropertyInject(value = "fmz.vault.file", defaultValue = "") String file,
                                             @PropertyInject(value = "fmz.vault.password-file", defaultValue = "") String passwordFile) {
        return VaultCredentials.open(file, passwordFile, System.getenv(), callMetrics);
    }

    // --- shared by every exchange ---

    @BindToRegistry
    public HttpRequestStep httpRequest() {
        return new HttpRequestStep();
    }

    @BindToRegistry
    public ServerErrors serverErrors() {
        return new ServerErrors();
    }

    @BindToRegistry
    public RateLimitBackoff rateLimitBackoff() {
        // the pause without a Retry-After comes from the call leg, per exchange
        return new RateLimitBackoff(Clock.systemUTC(), callMetrics);
    }

    @BindToRegistry
    public OrderPlacements orderPlacements(@PropertyInject("fmz.order.lookup-attempts") int attempts,
                                           @PropertyInject("fmz.order.lookup-pause-ms") long pauseMs,
                                           @PropertyInject("fmz.call.total-timeout-ms") long budgetMs) {
        return new OrderPlacements(Duration.ofHours(24), attempts, Duration.ofMillis(pauseMs), Clock.systemUTC(),
                new CallBudget(Duration.ofMillis(budgetMs)));
    }

    /** Each exchange's rate limits as it counts them, and nonce turns, within each FMZ call's time budget. */
    @BindToRegistry
    public CallAllowance callAllowance(@PropertyInject("fmz.call.rate-limit-enabled") boolean limited,
                                       @PropertyInject("fmz.call.rate-limit-reject") boolean refuse,
                                       @PropertyInject("fmz.call.total-timeout-ms") long budgetMs) {
        return new CallAllowance(limited, refuse, new CallBudget(Duration.ofMillis(budgetMs)), callMetrics);
    }

    @BindToRegistry
    public ExchangeClocks exchangeClocks() {
        return new ExchangeClocks(Clock.systemUTC(), callMetrics);
    }

    @BindToRegistry
    public MarketRules marketRules(@PropertyInject("fmz.markets.fresh-for-ms") long freshForMs) {
        return new MarketRules(Duration.ofMillis(freshForMs), Clock.systemUTC());
    }

    /**
     * FMZ's market buy (quote to spend) for the exchanges that size orders in base currency; made on
     * first use, when the market rules it reads are bound.
     */
    @BindToRegistry(lazy = true)
    public MarketBuySizing marketBuySizing(@BeanInject("marketRules") MarketRules marketRules) {
        return new MarketBuySizing(marketRules);
    }

    /** Each exchange's clock and market-rules jobs, started at its first call or, for fmz.exchanges.warm, at start. */
    @BindToRegistry
    public ExchangeJobs exchangeJobs(CamelContext context,
                                     @PropertyInject(value = "fmz.exchanges.warm", defaultValue = "") String warm) throws Exception {
        return ExchangeJobs.of(context, warm);
    }

    /** SetContractType and SetDirection per service address and access key, for every exchange's contracts. */
    @BindToRegistry
    public FuturesCalls futuresCalls() {
        return new FuturesCalls(new FuturesSettings());
    }

    @BindToRegistry
    public ApiPassThrough apiPassThrough() {
        return new ApiPassThrough();
    }

    /**
     * The test environments asked for with fmz.exchange.<id>.testnet=true, put in front of the production
     * URLs before any route reads them; an exchange without one stops the start.
     */
    @BindToRegistry
    public Testnets testnets(CamelContext context) {
        Testnets installed = context.getRegistry().findSingleByType(Testnets.class);
        return installed != null ? installed : Testnets.install(context.getPropertiesComponent());
    }

    /** The version and configuration in a few log lines, once the routes have started. */
    @BindToRegistry
    public StartupSummary startupSummary(CamelContext context) throws Exception {
        return StartupSummary.of(context);
    }

    // --- what the bridge tells about itself: metrics, readiness, one log line per call ---

    @BindToRegistry
    public CallReport callReport(@PropertyInject(value = "fmz.log.calls", defaultValue = "true") boolean logCalls,
                                 @PropertyInject(value = "fmz.log.format", defaultValue = "text") String logFormat) {
        return new CallReport(callMetrics, new CallLog(logCalls, "json".equalsIgnoreCase(logFormat.trim())), recentErrors);
    }

    /** The last few errors per exchange, without credentials, for the status page. */
    @BindToRegistry
    public RecentErrors recentErrors() {
        return recentErrors;
    }

    @BindToRegistry
    public CallLegClock rateLimitEntered() {
        return new CallLegClock(callMetrics, CallLegClock.Reading.LIMIT_ENTERED);
    }

    @BindToRegistry
    public CallLegClock rateLimitLeft() {
        return new CallLegClock(callMetrics, CallLegClock.Reading.LIMIT_LEFT);
    }

    @BindToRegistry
    public CallLegClock exchangeRequestDone() {
        return new CallLegClock(callMetrics, CallLegClock.Reading.REQUEST_DONE);
    }

    @BindToRegistry
    public GatewayReadiness gatewayReadiness() {
        return new GatewayReadiness();
    }

    /** Each exchange's open market-data streams, on the health endpoint. */
    @BindToRegistry
    public StreamHealth streamHealth() {
        return new StreamHealth();
    }
}
