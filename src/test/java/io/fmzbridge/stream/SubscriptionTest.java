package io.fmzbridge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.fmz.FmzSymbol;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A book's own freshness beside its connection's: it must keep pace with its instrument's ticker and trades. */
class SubscriptionTest {

    static final long STALE_AFTER = Duration.ofMillis(500).toNanos();
    static final long MS = Duration.ofMillis(1).toNanos();

    static Subscription book() {
        return new Subscription(new Topic(Channel.BOOK, "BTC-USDT"), FmzSymbol.parse("BTC_USDT"), new LiveBook(400), null);
    }

    @Test
    void aBookSilentWhileItsTickerGoesOnFallsBehindAfterTheStaleLimit() {
        Subscription book = book();
        book.heardAt = 1_000 * MS;

        assertThat(book.keptPace(1_000 * MS, STALE_AFTER)).as("heard together").isTrue();
        assertThat(book.keptPace(1_500 * MS, STALE_AFTER)).as("the ticker went on for as long as the limit").isTrue();
        assertThat(book.keptPace(1_501 * MS, STALE_AFTER)).as("for longer: the book missed something").isFalse();

        book.heardAt = 1_600 * MS;
        assertThat(book.keptPace(1_700 * MS, STALE_AFTER)).as("its next message catches up").isTrue();
    }

    @Test
    void aTickerThatStoppedFirstOrNeverSpokeSaysNothingAboutTheBook() {
        Subscription book = book();
        book.heardAt = 10_000 * MS;

        assertThat(book.keptPace(1_000 * MS, STALE_AFTER)).as("a quiet instrument: nothing moved").isTrue();
        assertThat(book.keptPace(Subscription.NEVER, STALE_AFTER)).as("no ticker or trades subscribed").isTrue();
    }

    @Test
    void aBookNotHeardOnItsSubscriptionYetHasNotKeptPaceWithATickerThatSpoke() {
        Subscription book = book();

        assertThat(book.heardAt).isEqualTo(Subscription.NEVER);
        assertThat(book.keptPace(1_000 * MS, STALE_AFTER)).isFalse();
    }
}
