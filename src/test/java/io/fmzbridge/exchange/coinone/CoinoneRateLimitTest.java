package io.fmzbridge.exchange.coinone;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.stub.Burst;
import io.fmzbridge.stub.Burst.Reply;
import io.fmzbridge.stub.StubExchange.Served;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Coinone's public model end to end, against a stub that counts each public call on arrival per address in
 * any minute (300) and in any second (5, the older page's rule), and answers one over either as Coinone
 * documents it (error 4 "Blocked user access.", then a block). The last call that fits goes at once, the next
 * when the model says, and the markets refresh, one range_units call per market, never takes the strategy's
 * place.
 */
class CoinoneRateLimitTest {

    private static final String TICKER = "/public/v2/ticker_new/KRW/BTC";

    private CoinoneStub coinone;

    @BeforeEach
    void startStub() {
        coinone = CoinoneStub.start();
        coinone.addAccount(CoinoneBridgeTest.TOKEN, CoinoneBridgeTest.SECRET);
    }

    @AfterEach
    void stopStub() {
        coinone.close();
    }

    private static Callable<JsonNode> ticker(RunningBridge bridge) {
        return () -> bridge.call("/Coinone", envelope("ticker", "", "", "symbol", "BTC_KRW"));
    }

    /** The earliest reply among the first {@code count}: a period after it, a limit of {@code count} frees a place. */
    private static long firstReply(List<Served> arrived, int count) {
        return arrived.subList(0, count).stream().mapToLong(Served::repliedNanos).min().orElseThrow();
    }

    /**
     * Milliseconds from the earliest reply among the first {@code count} to the arrival of the next one: under a
     * period, that one was not held; about a period, it waited for the first place to free.
     */
    private static long fromFirstReply(List<Served> arrived, int count) {
        return Burst.ms(firstReply(arrived, count), arrived.get(count).arrivedNanos());
    }

    @Test
    void fivePublicCallsGoAtOnceAndTheSixthWhenTheFirstReplyIsASecondOld() throws Exception {
        coinone.enforceRateLimits();
        try (RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.coinone.base-url", coinone.baseUrl()))) {
            List<Reply> replies = Burst.of(Burst.times(6, ticker(bridge)));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(coinone, TICKER);
            assertThat(fromFirstReply(arrived, 4)).as("the fifth, not held").isLessThan(950);
            assertThat(fromFirstReply(arrived, 5)).as("the sixth").isBetween(950L, 1400L);
            assertThat(coinone.rateLimitRefusals()).isZero();
        }
    }

    @Test
    void theMinutesFigureHoldsTheCallAfterItUntilTheFirstReplyIsAMinuteOld() throws Exception {
        // the minute scaled down to 3 s and 12 calls, the second's 5 as documented
        coinone.enforceRateLimits(new CoinoneStub.Limits(12, Duration.ofSeconds(3), 5, Duration.ofSeconds(3)));
        try (RunningBridge bridge = RunningBridge.start(Map.of("fmz.exchange.coinone.base-url", coinone.baseUrl(),
                "fmz.exchange.coinone.limits.public", "12/3000 per public"))) {
            List<Reply> replies = Burst.of(Burst.times(13, ticker(bridge)));

            assertThat(replies).allMatch(Reply::ok);
            List<Served> arrived = Burst.arrivals(coinone, TICKER);
            assertThat(fromFirstReply(arrived, 12)).as("the thirteenth, a scaled minute after the first")
                    .isBetween(2950L, 3400L);
            assertThat(coinone.rateLimitRefusals()).as("five a second and twelve a minute, none refused").isZero();
        }
    }

    @Test
    void theMarketsRefreshTakesOneRangeUnitsCallASecondAndOnlyWhatTheStrategyLeaves() throws Exception {
        coinone.enforceRateLimits();
        try (RunningBridge bridge = RunningBridge.startWithJobs(Map.of("fmz.exchange.coinone.base-url", coinone.baseUrl()))) {
            // the first answer begins the clock and market-rules jobs while the strategy's tickers keep coming
            assertThat(Burst.of(Burst.times(12, ticker(bridge)))).allMatch(Reply::ok);
            // the job's second range_units call, received and answered
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<Served> ranges = List.of();
            while (ranges.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                ranges = coinone.served().stream()
                        .filter(served -> served.request().path().startsWith("/public/v2/range_units/")).toList();
            }
            assertThat(ranges).hasSize(2);
            assertThat(Burst.ms(ranges.get(0).repliedNanos(), ranges.get(1).arrivedNanos()))
                    .as("one range_units call a second").isGreaterThanOrEqualTo(950L);
            assertThat(coinone.rateLimitRefusals()).as("the strategy's and the jobs' calls, none refused").isZero();
        }
    }
}
