package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.LegCalls.Call;
import io.fmzbridge.fmz.FmzError;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * An exchange's limits as its properties declare them, and what each call spends: the vocabulary every
 * exchange's model is written in (application.properties and the routes' endpointLimit / endpointCost).
 */
class ExchangeLimitsTest {

    private static final String BALANCE = "POST /0/private/BalanceEx";
    private static final String TICKER = "GET /0/public/Ticker";

    /** Kraken-like: a counter per key by tier, public calls apart, a trading counter per key and pair. */
    private static Map<String, String> kraken(String... more) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "fmz.exchange.demo.tier", "starter",
                "fmz.exchange.demo.limits.private.starter", "bucket 3 decay 1/60000 per key",
                "fmz.exchange.demo.limits.private.pro", "bucket 5 decay 1/60000 per key",
                "fmz.exchange.demo.limits.public", "2/60000 per public",
                "fmz.exchange.demo.limits.trading", "bucket 4 decay 1/60000 per key+symbol"));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return properties;
    }

    private static LegCalls legs(Map<String, String> properties) {
        return new LegCalls(properties, true, Duration.ofSeconds(15));
    }

    private static Call signed(String endpoint) {
        return Call.of("demo", endpoint).signedBy("key-a");
    }

    @Test
    void anUndeclaredCallSpendsOneOfEachLimitThatCountsItsKind() throws Exception {
        try (LegCalls legs = legs(kraken())) {
            assertThat(legs.refusal(signed(BALANCE))).isEmpty();
            assertThat(legs.refusal(signed(BALANCE))).as("the starter tier's 3, less the one held back").isEmpty();
            assertThat(legs.refusal(signed(BALANCE))).isEqualTo("the bridge's limit private for this exchange (at most 3, "
                    + "less 1 per 60000 ms per key) is reached (fmz.exchange.demo.limits.private.starter); call again shortly");
            assertThat(legs.refusal(signed(BALANCE).signedBy("key-b"))).as("each key its own counter").isEmpty();
            assertThat(legs.refusal(Call.of("demo", TICKER))).as("public calls on their own budget").isEmpty();
            assertThat(legs.refusal(Call.of("demo", TICKER))).isEmpty();
            assertThat(legs.refusal(Call.of("demo", TICKER))).isEqualTo("the bridge's limit public for this exchange "
                    + "(2 per 60000 ms per public) is reached (fmz.exchange.demo.limits.public); call again shortly");
        }
    }

    @Test
    void aDeclaredCostReplacesTheDefaultsAndAPerSymbolLimitCountsEachInstrumentApart() throws Exception {
        try (LegCalls legs = legs(kraken())) {
            Call addOrder = signed("POST /0/private/AddOrder").cost("trading 1").symbol("BTC_USD");
            Call cancel = signed("POST /0/private/CancelOrder").cost("trading 2").symbol("BTC-USD");
            assertThat(legs.refusal(addOrder)).isEmpty();
            assertThat(legs.refusal(cancel)).as("BTC_USD and BTC-USD are one instrument: 3 of its 3").isEmpty();
            assertThat(legs.refusal(addOrder)).contains("the bridge's limit trading for this exchange");
            assertThat(legs.refusal(addOrder.symbol("ETH_USD"))).as("another pair").isEmpty();
            for (int i = 0; i < 2; i++) {
                assertThat(legs.refusal(signed(BALANCE))).as("orders spent nothing of the call counter").isEmpty();
            }
        }
    }

    /** Kraken's cancel: 8 for a young order, less as it ages; a cancel waiting for room is weighed again as it waits. */
    @Test
    void aTimedCostWaitingForRoomGoesWhenWhatItCostsThenFits() throws Exception {
        long start = System.nanoTime();
        long cheaperAt = start + TimeUnit.MILLISECONDS.toNanos(400);
        TimedCost cancel = new TimedCost() {
            @Override
            public String limit() {
                return "trading";
            }

            @Override
            public long at(long nanoTime) {
                return nanoTime - cheaperAt < 0 ? 8 : 2;
            }
        };
        // a trading counter that hardly decays within the test: orders fill 6 of it, 8 more cannot fit for minutes
        try (LegCalls legs = new LegCalls(kraken("fmz.exchange.demo.limits.trading", "bucket 10 decay 1/60000 per key+symbol"),
                false, Duration.ofSeconds(5))) {
            Call addOrder = signed("POST /0/private/AddOrder").cost("trading 1").symbol("BTC_USD");
            for (int i = 0; i < 6; i++) {
                legs.call(addOrder);
            }
            legs.call(signed("POST /0/private/CancelOrder").cost(cancel).symbol("BTC_USD"));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMs).as("sent once it cost 2, not refused for the 8 it cost at first").isBetween(400L, 1500L);
            assertThat(legs.refusal(addOrder)).as("6 + 2 spent: the counter's room is what the cancel cost when sent")
                    .isEmpty();
        }
    }

    @Test
    void anEndpointsOwnLimitIsAllItSpendsUnlessItAlsoDeclaresCosts() throws Exception {
        try (LegCalls legs = legs(kraken())) {
            Call ledgers = signed("POST /0/private/Ledgers").cost("private 2");
            assertThat(legs.refusal(ledgers)).isEmpty();
            assertThat(legs.refusal(ledgers)).as("2 + 2 over the 2 left").contains("limit private");
            Call status = Call.of("demo", "GET /0/public/SystemStatus").limit("1/60000 per ip");
            assertThat(legs.refusal(status)).isEmpty();
            assertThat(legs.refusal(status)).isEqualTo("the bridge's limit for GET /0/public/SystemStatus (1 call per "
                    + "60000 ms per ip) is reached (its route's endpointLimit); call again shortly");
            assertThat(legs.refusal(Call.of("demo", TICKER))).as("its own limit only: the public budget is untouched").isEmpty();
            assertThat(legs.refusal(Call.of("demo", TICKER))).isEmpty();
        }
    }

    /** OKX's "IP + Instrument ID": one counter per instrument, whichever key signs the call. */
    @Test
    void anIpAndSymbolLimitCountsEachInstrumentApartAndEveryKeyTogether() throws Exception {
        try (LegCalls legs = legs(kraken())) {
            Call funding = Call.of("demo", "GET /api/v5/public/funding-rate").limit("2/60000 per ip+symbol").symbol("BTC-USDT-SWAP");
            assertThat(legs.refusal(funding.signedBy("key-a"))).isEmpty();
            assertThat(legs.refusal(funding.signedBy("key-b"))).as("another key's call counts with the first").isEmpty();
            assertThat(legs.refusal(funding.signedBy("key-c"))).isEqualTo("the bridge's limit for GET /api/v5/public/funding-rate "
                    + "(2 calls per 60000 ms per ip+symbol) is reached (its route's endpointLimit); call again shortly");
            assertThat(legs.refusal(funding.signedBy("key-c").symbol("BTC-USD-SWAP"))).as("another instrument").isEmpty();
        }
    }

    @Test
    void theTierPicksItsFiguresAndAnUnknownTierIsNamedWithTheChoices() throws Exception {
        try (LegCalls legs = legs(kraken("fmz.exchange.demo.tier", "pro"))) {
            for (int i = 0; i < 4; i++) {
                assertThat(legs.refusal(signed(BALANCE))).as("pro: 5 less one").isEmpty();
            }
            assertThat(legs.refusal(signed(BALANCE))).contains("(fmz.exchange.demo.limits.private.pro)");
        }
        try (LegCalls legs = legs(kraken("fmz.exchange.demo.tier", "gold"))) {
            assertThatThrownBy(() -> legs.call(signed(BALANCE))).isInstanceOf(FmzError.class)
                    .hasMessage("fmz.exchange.demo.tier must be one of pro, starter, not 'gold'");
        }
    }

    @Test
    void anExchangesDefaultCostIsWhatAnUndeclaredCallSpends() throws Exception {
        try (LegCalls legs = legs(Map.of(
                "fmz.exchange.demo.limits.weight", "10/60000 per ip",
                "fmz.exchange.demo.limits.orders", "1/60000 per key",
                "fmz.exchange.demo.default-cost", "weight 4"))) {
            assertThat(legs.refusal(signed("GET /api/v3/time"))).isEmpty();
            assertThat(legs.refusal(Call.of("demo", "GET /api/v3/time"))).as("public calls weigh too").isEmpty();
            assertThat(legs.refusal(signed("GET /api/v3/time"))).as("8 + 4 over 10").contains("limit weight");
            assertThat(legs.refusal(signed("POST /api/v3/order").cost("weight 1, orders 1"))).isEmpty();
            assertThat(legs.refusal(signed("POST /api/v3/order").cost("weight 1, orders 1"))).contains("limit orders");
        }
    }

    @Test
    void withoutDeclaredLimitsAnExchangeHasItsPlainLimitCountedPerKeyOrPerIp() throws Exception {
        try (LegCalls legs = legs(Map.of("fmz.exchange.demo.rate-limit", "1", "fmz.exchange.demo.rate-period-ms", "60000"))) {
            assertThat(legs.refusal(signed(BALANCE))).isEmpty();
            assertThat(legs.refusal(signed(BALANCE))).isEqualTo("the bridge's rate limit for this exchange is reached "
                    + "(fmz.exchange.<id>.rate-limit); call again shortly");
            assertThat(legs.refusal(Call.of("demo", TICKER))).as("public calls apart").isEmpty();
            assertThat(legs.remaining("demo", "calls", "key")).isZero();
            assertThat(legs.remaining("demo", "calls", "public")).isZero();
        }
        try (LegCalls legs = legs(Map.of("fmz.exchange.demo.rate-limit", "1", "fmz.exchange.demo.rate-period-ms", "60000",
                "fmz.exchange.demo.rate-limit-per", "ip"))) {
            assertThat(legs.refusal(signed(BALANCE))).isEmpty();
            assertThat(legs.refusal(Call.of("demo", TICKER))).as("every call together").contains("rate limit for this exchange");
        }
    }

    @Test
    void declarationsThatCannotBeReadSayWhatTheyShouldRead() {
        try (LegCalls legs = legs(kraken("fmz.exchange.demo.limits.public", "2 per minute"))) {
            assertThatThrownBy(() -> legs.call(Call.of("demo", TICKER))).isInstanceOf(FmzError.class)
                    .hasMessageStartingWith("fmz.exchange.demo.limits.public must read <calls>/<period in ms> or bucket");
        }
        try (LegCalls legs = legs(kraken())) {
            assertThatThrownBy(() -> legs.call(signed(BALANCE).cost("ledger 2")))
                    .hasMessage("endpointCost of POST /0/private/BalanceEx names a limit demo does not declare: ledger "
                            + "(declared: private, public, trading)");
            assertThatThrownBy(() -> legs.call(signed(BALANCE).cost("private 3")))
                    .hasMessageStartingWith("a call costing 3 can never fit the bridge's limit private");
            assertThatThrownBy(() -> legs.call(Call.of("demo", TICKER).limit("5/1000 per account")))
                    .hasMessage("endpointLimit of GET /0/public/Ticker: the scope must be ip, key, key+symbol, ip+symbol or public, "
                            + "not 'account' in 5/1000 per account");
        }
    }

    @Test
    void aHeavyCallThatAskedFirstIsNotOvertakenByLighterOnes() throws Exception {
        try (LegCalls legs = new LegCalls(Map.of("fmz.exchange.demo.limits.weight", "10/300 per ip"), false,
                Duration.ofSeconds(15))) {
            long start = System.nanoTime();
            Exchange first = legs.take(Call.of("demo", "GET /light").cost("weight 6"));
            CompletableFuture<Long> heavy = CompletableFuture.supplyAsync(() -> timed(legs, start,
                    Call.of("demo", "GET /heavy").cost("weight 8")));
            Thread.sleep(100);
            assertThat(heavy).as("8 does not fit beside 6").isNotDone();
            CompletableFuture<Long> light = CompletableFuture.supplyAsync(() -> timed(legs, start,
                    Call.of("demo", "GET /light").cost("weight 2")));
            Thread.sleep(100);
            assertThat(light).as("2 would fit beside 6, but 8 asked first").isNotDone();
            legs.allowance.done(first);
            long heavyAt = heavy.get(5, TimeUnit.SECONDS);
            long lightAt = light.get(5, TimeUnit.SECONDS);
            assertThat(heavyAt).as("a period after the first's reply at 200 ms").isGreaterThanOrEqualTo(500);
            assertThat(lightAt).as("not before the heavy one, then beside it: 8 + 2").isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void replyHeadersThatSaySpentOrLeftRaiseTheCountNeverLowerIt() throws Exception {
        try (LegCalls legs = legs(Map.of("fmz.exchange.demo.limits.weight", "100/60000 per ip",
                "fmz.exchange.demo.limits.group", "10/60000 per public"))) {
            legs.context.getRegistry().bind(LimitUsageReader.beanName("demo"), new LimitUsageReader() {
                @Override
                public Map<String, Long> used(org.apache.camel.Message reply) {
                    Long used = reply.getHeader("Used", Long.class);
                    return used == null ? Map.of() : Map.of("weight", used);
                }

                @Override
                public Map<String, Long> remaining(org.apache.camel.Message reply) {
                    Long left = reply.getHeader("Left", Long.class);
                    return left == null ? Map.of() : Map.of("group", left, "unknown", 1L);
                }
            });
            Call call = Call.of("demo", "GET /x").cost("weight 10, group 1");
            legs.call(call, Map.of("Used", 70L, "Left", 4L));
            assertThat(legs.remaining("demo", "weight", "ip")).as("another program spent 60").isEqualTo(30.0);
            assertThat(legs.remaining("demo", "group", "public")).as("the exchange has 4 left of its 10").isEqualTo(4.0);
            legs.call(call, Map.of("Used", 5L, "Left", 9L));
            assertThat(legs.remaining("demo", "weight", "ip")).as("less spent than counted: the count stands").isEqualTo(20.0);
            assertThat(legs.remaining("demo", "group", "public")).isEqualTo(3.0);
        }
    }

    @Test
    void theMetricShowsWhatIsLeftOfEachLimitForTheKeyNearestIt() throws Exception {
        try (LegCalls legs = legs(kraken())) {
            legs.call(signed(BALANCE));
            legs.call(signed(BALANCE));
            legs.call(signed(BALANCE).signedBy("key-b"));
            assertThat(legs.remaining("demo", "private", "key")).isEqualTo(0.0);
            legs.call(Call.of("demo", TICKER));
            assertThat(legs.remaining("demo", "public", "public")).isEqualTo(1.0);
            assertThat(legs.remaining("demo", "trading", "key+symbol")).as("no counter yet, no series").isNull();
        }
    }

    /** Milliseconds after {@code start} at which the call could go; it is replied at once. */
    private static long timed(LegCalls legs, long start, Call call) {
        try {
            legs.call(call);
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
