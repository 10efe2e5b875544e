package io.fmzbridge.exchange.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.PlacedOrder;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Kraken's cancel penalty by order age ("Spot Trading Limits": Cancel Order +8 < 5 s … +1 < 300 s). */
class KrakenOrderAgesTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final KrakenOrderAges ages = new KrakenOrderAges(nanos::get);

    private void placed(String txid) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(FmzReply.of(new PlacedOrder("XBTUSD," + txid), null));
        ages.placed(exchange);
    }

    private void after(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void eachBandOfKrakensTableFromTheOrdersPlacement() {
        placed("OL7LNO-R4SAD-6UINEU");
        int[] expected = {8, 8, 6, 5, 4, 4, 2, 1, 1, 0};
        long[] atMs = {0, 4_999, 5_000, 10_000, 15_000, 44_900, 45_000, 90_000, 299_900, 300_000};
        long now = 0;
        for (int i = 0; i < atMs.length; i++) {
            after(atMs[i] - now);
            now = atMs[i];
            assertThat(ages.cost("OL7LNO-R4SAD-6UINEU")).as("at %s ms", atMs[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void anOrderTheBridgeDidNotPlaceCostsTheMost() {
        after(1_000_000);
        assertThat(ages.cost("OABCDE-FGHIJ-KLMNOP")).isEqualTo(8);
    }

    @Test
    void theOldestAreForgottenPastWhatIsKeptAndThenCostTheMost() {
        for (int i = 0; i <= KrakenOrderAges.KEPT; i++) {
            placed(String.format("O%05d-AAAAA-AAAAAA", i));
        }
        after(400_000);
        assertThat(ages.cost("O00000-AAAAA-AAAAAA")).as("forgotten").isEqualTo(8);
        assertThat(ages.cost("O00001-AAAAA-AAAAAA")).as("kept, 400 s old").isZero();
    }
}
