package io.fmzbridge.call;

import io.fmzbridge.call.ExchangeLimits.Declared;
import io.fmzbridge.call.ExchangeLimits.Spent;
import io.fmzbridge.call.LimitScope.Caller;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.observe.CallMetrics;
import io.fmzbridge.sign.PendingSignature;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The bridge's own allowance in the call leg (exchange-call.camel.yaml), before a call is signed:
 * <ul>
 * <li>each exchange's limits as it documents them ({@link ExchangeLimits}: its properties' limits, an
 * endpoint's own {@value #ENDPOINT_LIMIT_PROPERTY} and {@value #ENDPOINT_COST_PROPERTY} declared beside
 * the endpoint in its route), counted per API key, per key and instrument, for the public calls or for
 * every call, as the exchange does. Over a limit a call waits its turn, but only as long as its
 * {@link CallBudget} allows: a wait that would outlast the budget is refused at once, as is any wait with
 * {@code fmz.call.rate-limit-reject};</li>
 * <li>the bridge's own calls (clock sync, market rules: a job route marks them {@value #HOUSEKEEPING_PROPERTY})
 * spend only spare allowance: such a call takes a place when one is free now and no strategy call waits for
 * it, so a strategy's call never waits behind it; when none can be free within its own budget the job
 * skips this round;</li>
 * <li>after the reply, the exchange's reply headers correct the count where it says more is spent
 * ({@link LimitUsageReader});</li>
 * <li>for schemes whose exchange refuses a nonce not above the key's last (Kraken, Bitfinex), one
 * signed call per key under way at a time, from its signing until its reply: two calls on one key
 * over two pooled connections could otherwise arrive in the other order than their nonces. The turn is
 * taken with the limits' places, so they count the call from when it is sent, not from before that wait.</li>
 * </ul>
 * Camel's throttle does neither: it cannot tell how long a wait will be, and its concurrent mode
 * holds a permit until the whole FMZ call completes, past look-ups that need the same key.
 */
public final class CallAllowance {

    /** Exchange property a route sets next to {@code endpoint}: that endpoint's own limit, "20/2000 per ip". */
    public static final String ENDPOINT_LIMIT_PROPERTY = "endpointLimit";
    /**
     * Exchange property a route sets next to {@code endpoint}: what a call spends of the exchange's limits,
     * "weight 20", or a {@link TimedCost} for a cost that falls while the call waits.
     */
    public static final String ENDPOINT_COST_PROPERTY = "endpointCost";
    /**
     * Exchange property a request builder may set: the instrument a {@code key+symbol} limit counts the call
     * against, in the exchange's own spelling where the FMZ request names it otherwise (Kraken's pair). Without
     * it, the FMZ request's symbol, or the market part of its order id.
     */
    public static final String RATE_SYMBOL_PROPERTY = "rateSymbol";
    /** Exchange property every route sets before its call: "GET /api/v5/account/balance". */
    static final String ENDPOINT_PROPERTY = "endpoint";
    /** Exchange property a scheduled job sets on its calls: the bridge's own housekeeping, not a strategy's. */
    public static final String HOUSEKEEPING_PROPERTY = "fmzHousekeeping";
    /** Exchange property: what the route declared for the call in the leg, taken over by {@link #enter}. */
    static final String LEG_DECLARED_PROPERTY = "legLimitsDeclared";
    /** Exchange property: the instrument the call in the leg is counted against, taken over by {@link #enter}. */
    static final String LEG_SYMBOL_PROPERTY = "legRateSymbol";
    /** Exchange property: the places the call in the leg holds, given back by {@link #done}. */
    static final String SPENT_PROPERTY = "legLimitsSpent";

    private final boolean limited;
    private final boolean refuseOverLimit;
    private final CallBudget budget;
    private final CallMetrics metrics;
    private final Map<String, ExchangeLimits> exchanges = new ConcurrentHashMap<>();
    private final Map<String, Optional<LimitUsageReader>> usageReaders = new ConcurrentHashMap<>();
    private final Map<String, Boolean> perIp = new ConcurrentHashMap<>();

    /** @param metrics where {@code fmz_rate_limit_remaining} goes; null for none */
    public CallAllowance(boolean limited, boolean refuseOverLimit, CallBudget budget, CallMetrics metrics) {
        this.limited = limited;
        this.refuseOverLimit = refuseOverLimit;
        this.budget = budget;
        this.metrics = metrics;
    }

    /**
     * First in the leg: takes over the signature the route asked for (none for a public call, whatever
     * an earlier call of the same FMZ request left), what the route declared for this endpoint, and names
     * whose calls an exchange's 429 holds.
     */
    public void enter(Exchange exchange) {
        PendingSignature signature = exchange.removeProperty(PendingSignature.PROPERTY) instanceof PendingSignature asked
                ? asked : null;
        exchange.setProperty(HttpRequestStep.SIGNATURE_PROPERTY, signature);
        // the exchange's id first: a 429 from one exchange must not hold another's calls
        String exchangeId = exchange.getProperty(HttpRequestStep.EXCHANGE_PROPERTY, String.class);
        exchange.setProperty(HttpRequestStep.RATE_KEY_PROPERTY, exchangeId
                + (countsPerIp(exchange.getContext(), exchangeId) ? " ip"
                : signature == null ? " public" : " key:" + signature.accessKey()));
        // taken, not read: a later call of the same FMZ request declares its own endpoint's, or nothing
        Object limit = exchange.removeProperty(ENDPOINT_LIMIT_PROPERTY);
        Object cost = exchange.removeProperty(ENDPOINT_COST_PROPERTY);
        Object symbol = exchange.removeProperty(RATE_SYMBOL_PROPERTY);
        TimedCost timed = cost instanceof TimedCost t ? t : null;
        exchange.setProperty(LEG_DECLARED_PROPERTY, limit == null && cost == null ? Declared.NOTHING
                : new Declared(endpointName(exchange.getProperty(ENDPOINT_PROPERTY, String.class)), text(limit),
                        timed == null ? text(cost) : null, timed));
        exchange.setProperty(LEG_SYMBOL_PROPERTY, text(symbol));
    }

    /**
     * The endpoint a limit counts, {@code VERB /path}: a declared exchange's endpoint also carries its
     * query and body template ({@code GET /tickers?symbol={symbol}}), and the exchange counts the path
     * whatever its parameters, so its branches on one path share the count.
     */
    static String endpointName(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        String[] parts = endpoint.trim().split("\\s+", 3);
        if (parts.length < 2) {
            return endpoint.trim();
        }
        int query = parts[1].indexOf('?');
        return parts[0] + " " + (query < 0 ? parts[1] : parts[1].substring(0, query));
    }

    /**
     * Waits for the call's places in its exchange's limits and, when its scheme needs one, its key's nonce
     * turn: all taken at once, when all are free, so the limits count the call from when it is sent.
     */
    public void take(Exchange exchange) throws InterruptedException {
        String exchangeId = exchange.getProperty(HttpRequestStep.EXCHANGE_PROPERTY, String.class);
        long deadline = budget.deadline(exchange);
        PendingSignature signature = exchange.getProperty(HttpRequestStep.SIGNATURE_PROPERTY, PendingSignature.class);
        boolean nonceTurn = signature != null && signature.needsNonceOrder();
        if (!limited && !nonceTurn) {
            if (System.nanoTime() > deadline) {
                throw new AllowanceRefused("this call's time budget (fmz.call.total-timeout-ms) is spent; call again");
            }
            return;
        }
        CamelContext context = exchange.getContext();
        ExchangeLimits limits = exchanges.computeIfAbsent(exchangeId, id -> limited
                ? ExchangeLimits.read(context, id, countsPerIp(context, id), metrics, System::nanoTime)
                : new ExchangeLimits(id, Map.of(), null, null, System::nanoTime));
        Caller caller = new Caller(signature == null ? null : signature.accessKey(), symbolOf(exchange));
        Declared declared = limited ? exchange.getProperty(LEG_DECLARED_PROPERTY, Declared.NOTHING, Declared.class)
                : Declared.NOTHING;
        boolean housekeeping = exchange.getProperty(HOUSEKEEPING_PROPERTY, false, Boolean.class);
        Spent spent = limits.acquire(limits.needs(declared, caller, nonceTurn), caller, housekeeping, refuseOverLimit,
                deadline, () -> context.isStopping() || context.isStopped());
        exchange.setProperty(SPENT_PROPERTY, spent);
        // should the leg end without its reply step (it never should), the places end with the exchange
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                spent.replied();
            }
        });
    }

    /**
     * After the reply (or the failure): the call's places are held a period from now, the exchange's
     * reply headers correct the count, and the key's next call may be signed.
     */
    public void done(Exchange exchange) {
        Spent spent = exchange.getProperty(SPENT_PROPERTY, Spent.class);
        if (spent != null) {
            exchange.removeProperty(SPENT_PROPERTY);
            spent.replied();
            Message reply = exchange.getMessage();
            if (reply.getHeader(Exchange.HTTP_RESPONSE_CODE) != null) {
                usageReader(exchange).ifPresent(reader -> {
                    Map<String, Long> used = reader.used(reply);
                    Map<String, Long> remaining = reader.remaining(reply);
                    if (!used.isEmpty() || !remaining.isEmpty()) {
                        spent.limits().countUsed(used, remaining, spent.caller());
                    }
                });
            }
        }
    }

    /** Nothing left the bridge (signing failed): the call's places are free again, and so is its key's turn. */
    static void giveBackUnsent(Exchange exchange) {
        Spent spent = exchange.getProperty(SPENT_PROPERTY, Spent.class);
        if (spent != null) {
            exchange.removeProperty(SPENT_PROPERTY);
            spent.unsent();
        }
    }

    private Optional<LimitUsageReader> usageReader(Exchange exchange) {
        String exchangeId = exchange.getProperty(HttpRequestStep.EXCHANGE_PROPERTY, String.class);
        return usageReaders.computeIfAbsent(exchangeId, id -> Optional.ofNullable(exchange.getContext().getRegistry()
                .lookupByNameAndType(LimitUsageReader.beanName(id), LimitUsageReader.class)));
    }

    /**
     * The instrument a per-instrument limit counts the call against, written without separators or case
     * (BTC-USDT, BTC_USDT and btcusdt are one): the request builder's, else the FMZ request's symbol, else
     * the market part of its order id. Null when the call names none.
     */
    private static String symbolOf(Exchange exchange) {
        String symbol = exchange.getProperty(LEG_SYMBOL_PROPERTY, String.class);
        if (symbol == null && exchange.getProperty(FmzCall.REQUEST_PROPERTY) instanceof FmzRequest request) {
            String id = request.param("id");
            symbol = request.param("symbol");
            if (symbol == null && id != null && id.indexOf(',') > 0) {
                symbol = id.substring(0, id.indexOf(','));
            }
        }
        return symbol == null ? null : symbol.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    }

    private static String text(Object declared) {
        return declared == null ? null : declared.toString();
    }

    /**
     * fmz.exchange.&lt;id&gt;.rate-limit-per: "key" (the default) holds one key's calls after a 429 to it, and
     * the public calls apart; "ip" holds every call to the exchange, for an exchange that bans by address
     * (Binance), where a 429 to one key warns of a ban for all of them. Also how an exchange's plain limit
     * counts, when it declares no limits of its own.
     */
    private boolean countsPerIp(CamelContext context, String exchangeId) {
        return perIp.computeIfAbsent(exchangeId, id -> {
            PropertiesComponent properties = context.getPropertiesComponent();
            String per = properties.resolveProperty("fmz.exchange." + id + ".rate-limit-per")
                    .or(() -> properties.resolveProperty("fmz.call.rate-limit-per")).orElse("key").trim();
            if (!per.equals("key") && !per.equals("ip")) {
                // said to the caller: a setting's name and value are no secret, and "internal error" would hide it
                throw new FmzError("fmz.exchange." + id + ".rate-limit-per must be key or ip, not '" + per + "'");
            }
            return per.equals("ip");
        });
    }
}
