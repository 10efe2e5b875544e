package io.fmzbridge.call;

import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.sign.PendingSignature;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The bridge's own allowance in the call leg (exchange-call.camel.yaml), before a call is signed:
 * <ul>
 * <li>the exchange's documented rate, {@code fmz.exchange.<id>.rate-limit} calls per
 * {@code .rate-period-ms}, counted per API key for signed calls and per exchange for public ones, or for
 * every call together where the exchange counts by address ({@code .rate-limit-per=ip}).
 * Over it a call waits its turn, but only as long as its {@link CallBudget} allows: a wait that
 * would outlast the budget is refused at once, as is any wait with {@code fmz.call.rate-limit-reject};</li>
 * <li>an endpoint's own lower limit where its route declares one next to the endpoint
 * ({@value #ENDPOINT_LIMIT_PROPERTY} "10/2000": 10 calls per 2000 ms), counted the same way for that
 * endpoint alone: such a call must fit both windows, and waits or is refused as above;</li>
 * <li>the bridge's own calls (clock sync, market rules: a job route marks them {@value #HOUSEKEEPING_PROPERTY})
 * spend only spare allowance: such a call takes a place in the windows when one is free now and never
 * reserves one ahead, so a strategy's call never waits behind it; with no place free it looks again
 * when one may be, within its own budget, and when none can be free by then the job skips this round;</li>
 * <li>for schemes whose exchange refuses a nonce not above the key's last (Kraken, Bitfinex), one
 * signed call per key under way at a time, from its signing until its reply: two calls on one key
 * over two pooled connections could otherwise arrive in the other order than their nonces.</li>
 * </ul>
 * Camel's throttle does neither: it cannot tell how long a wait will be, and its concurrent mode
 * holds a permit until the whole FMZ call completes, past look-ups that need the same key.
 */
public final class CallAllowance {

    /** Exchange property: the nonce turn a call holds, given back by {@link #done}. */
    static final String TURN_PROPERTY = "nonceTurn";
    /** Exchange property a route sets next to {@code endpoint}: that endpoint's own limit, "calls/period-ms". */
    public static final String ENDPOINT_LIMIT_PROPERTY = "endpointLimit";
    /** Exchange property every route sets before its call: "GET /api/v5/account/balance". */
    static final String ENDPOINT_PROPERTY = "endpoint";
    /** Exchange property a scheduled job sets on its calls: the bridge's own housekeeping, not a strategy's. */
    public static final String HOUSEKEEPING_PROPERTY = "fmzHousekeeping";
    /** Exchange property: the endpoint limit the call in the leg spends, taken over by {@link #enter}. */
    static final String LEG_ENDPOINT_LIMIT_PROPERTY = "legEndpointLimit";

    /** A waiting housekeeping call looks again no sooner than this, and no later (to notice the bridge stopping). */
    private static final long MIN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final boolean limited;
    private final boolean refuseOverLimit;
    private final CallBudget budget;
    private final Map<String, RateWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, RateWindow> endpointWindows = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();
    private final Map<String, Boolean> perIp = new ConcurrentHashMap<>();

    public CallAllowance(boolean limited, boolean refuseOverLimit, CallBudget budget) {
        this.limited = limited;
        this.refuseOverLimit = refuseOverLimit;
        this.budget = budget;
    }

    /**
     * First in the leg: takes over the signature the route asked for (none for a public call, whatever
     * an earlier call of the same FMZ request left) and names whose allowance the call spends.
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
        // taken, not read: a later call of the same FMZ request declares its own endpoint's limit, or none
        Object declared = exchange.removeProperty(ENDPOINT_LIMIT_PROPERTY);
        exchange.setProperty(LEG_ENDPOINT_LIMIT_PROPERTY, declared == null ? null
                : EndpointLimit.parse(exchange.getProperty(ENDPOINT_PROPERTY, String.class), declared.toString()));
    }

    /** Waits for the call's place in its rate window and, when its scheme needs one, its nonce turn. */
    public void take(Exchange exchange) throws InterruptedException {
        String exchangeId = exchange.getProperty(HttpRequestStep.EXCHANGE_PROPERTY, String.class);
        String allowance = exchange.getProperty(HttpRequestStep.RATE_KEY_PROPERTY, String.class);
        long deadline = budget.deadline(exchange);
        if (limited) {
            EndpointLimit endpointLimit = exchange.getProperty(LEG_ENDPOINT_LIMIT_PROPERTY, EndpointLimit.class);
            if (exchange.getProperty(HOUSEKEEPING_PROPERTY, false, Boolean.class)) {
                waitForSpareRoom(exchange.getContext(), exchangeId, allowance, endpointLimit, deadline);
            } else {
                waitForRoom(exchange.getContext(), exchangeId, allowance, endpointLimit, deadline);
            }
        } else if (System.nanoTime() > deadline) {
            throw new AllowanceRefused("this call's time budget (fmz.call.total-timeout-ms) is spent; call again");
        }
        PendingSignature signature = exchange.getProperty(HttpRequestStep.SIGNATURE_PROPERTY, PendingSignature.class);
        if (signature != null && signature.needsNonceOrder()) {
            Semaphore turn = turns.computeIfAbsent(exchangeId + " key:" + signature.accessKey(), key -> new Semaphore(1, true));
            if (!turn.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AllowanceRefused("the previous signed call on this key is still under way and this call's "
                        + "time budget (fmz.call.total-timeout-ms) ran out waiting for it; call again shortly");
            }
            exchange.setProperty(TURN_PROPERTY, turn);
        }
    }

    /** After the reply (or the failure): the next call on the key may be signed. */
    public void done(Exchange exchange) {
        giveBackTurn(exchange);
    }

    /** Gives back the nonce turn the call holds, if any; safe to call twice. */
    static void giveBackTurn(Exchange exchange) {
        Semaphore turn = exchange.getProperty(TURN_PROPERTY, Semaphore.class);
        if (turn != null) {
            exchange.removeProperty(TURN_PROPERTY);
            turn.release();
        }
    }

    /**
     * Reserves the call's start in its exchange window and, when it declares one, its endpoint's window:
     * the later of the two starts, counted in both. An endpoint's window is only used under its key's
     * exchange window monitor (its key begins with the same rate key), so that monitor guards both.
     */
    private void waitForRoom(CamelContext context, String exchangeId, String allowance, EndpointLimit endpointLimit,
            long deadline) throws InterruptedException {
        RateWindow window = windowOf(context, exchangeId, allowance);
        RateWindow endpointWindow = endpointWindowOf(allowance, endpointLimit);
        long now = System.nanoTime();
        long start;
        synchronized (window) {
            long exchangeStart = window.earliest(now);
            start = endpointWindow == null ? exchangeStart : Math.max(exchangeStart, endpointWindow.earliest(now));
            if (start > now && refuseOverLimit) {
                throw new AllowanceRefused(start > exchangeStart
                        ? "the bridge's limit for " + endpointLimit + " is reached (its route's endpointLimit); call again shortly"
                        : "the bridge's rate limit for this exchange is reached (fmz.exchange.<id>.rate-limit); call again shortly");
            }
            if (start > deadline) {
                throw new AllowanceRefused((start > exchangeStart ? "the bridge's limit for " + endpointLimit
                        : "the bridge's rate limit for this exchange") + " would hold this call "
                        + Duration.ofNanos(start - now).toMillis() + " ms, longer than its time budget allows "
                        + "(fmz.call.total-timeout-ms); call again later");
            }
            window.reserve(start);
            if (endpointWindow != null) {
                endpointWindow.reserve(start);
            }
        }
        if (start > now) {
            TimeUnit.NANOSECONDS.sleep(start - now);
        }
    }

    /**
     * A housekeeping call's place: taken only while free now, so it never stands in a strategy call's way.
     * A place a strategy call has reserved is not free, so a waiting job looks again when the windows
     * would next have room and finds it taken if a strategy call asked meanwhile.
     */
    private void waitForSpareRoom(CamelContext context, String exchangeId, String allowance, EndpointLimit endpointLimit,
            long deadline) throws InterruptedException {
        RateWindow window = windowOf(context, exchangeId, allowance);
        RateWindow endpointWindow = endpointWindowOf(allowance, endpointLimit);
        while (true) {
            long now = System.nanoTime();
            long free;
            synchronized (window) {
                free = endpointWindow == null ? window.earliest(now)
                        : Math.max(window.earliest(now), endpointWindow.earliest(now));
                if (free <= now) {
                    window.reserve(now);
                    if (endpointWindow != null) {
                        endpointWindow.reserve(now);
                    }
                    return;
                }
            }
            if (free > deadline) {
                // strategy calls only ever push the next free place later: no use waiting for it
                throw new AllowanceRefused("the bridge's own call (clock sync, market rules) found no spare allowance "
                        + "for this exchange within its time budget: skipped this round, strategy calls go first");
            }
            if (context.isStopping() || context.isStopped()) {
                // a job's call is not worth holding the bridge's shutdown for
                throw new AllowanceRefused("the bridge is stopping");
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(MAX_RECHECK_NANOS, Math.max(MIN_RECHECK_NANOS, free - now)));
        }
    }

    private RateWindow windowOf(CamelContext context, String exchangeId, String allowance) {
        return windows.computeIfAbsent(allowance, key -> windowOf(context, exchangeId));
    }

    private RateWindow endpointWindowOf(String allowance, EndpointLimit endpointLimit) {
        return endpointLimit == null ? null
                : endpointWindows.computeIfAbsent(endpointLimit.windowKey(allowance), key -> endpointLimit.window());
    }

    /**
     * fmz.exchange.&lt;id&gt;.rate-limit-per: "key" (the default) counts signed calls per API key and public
     * ones apart; "ip" counts every call from this bridge together, for an exchange that limits and
     * bans by address (Binance), where a 429 to one key warns of a ban for all of them.
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

    /** fmz.exchange.<id>.rate-limit / .rate-period-ms, else fmz.call.rate-limit / .rate-period-ms. */
    private static RateWindow windowOf(CamelContext context, String exchangeId) {
        PropertiesComponent properties = context.getPropertiesComponent();
        int calls = Integer.parseInt(setting(properties, exchangeId, "rate-limit"));
        long periodMs = Long.parseLong(setting(properties, exchangeId, "rate-period-ms"));
        if (calls <= 0 || periodMs <= 0) {
            throw new IllegalStateException("the rate limit of " + exchangeId + " must be positive: " + calls + " per " + periodMs + " ms");
        }
        return new RateWindow(calls, TimeUnit.MILLISECONDS.toNanos(periodMs));
    }

    private static String setting(PropertiesComponent properties, String exchangeId, String name) {
        return properties.resolveProperty("fmz.exchange." + exchangeId + "." + name)
                .or(() -> properties.resolveProperty("fmz.call." + name))
                .orElseThrow(() -> new IllegalStateException("fmz.call." + name + " is not set"))
                .trim();
    }
}
