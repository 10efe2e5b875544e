package io.fmzbridge.exchange.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.stream.BookFeed;
import io.fmzbridge.stream.BrokenBook;
import io.fmzbridge.stream.LiveBook;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Bitfinex's P0 book rules and checksum as its WebSocket v2 "Books" and "WebSocket Checksum" pages
 * describe them. Bitfinex publishes the steps but no book with its checksum value, so the checksum
 * text is checked step by step and its CRC32 against the standard CRC32 of that text.
 */
class BitfinexBookRulesTest {

    static final class RecordingFeed implements BookFeed {
        final List<String> asked = new ArrayList<>();

        @Override
        public void resubscribe() {
            asked.add("resubscribe");
        }

        @Override
        public void fetchSnapshot(int levels) {
            asked.add("snapshot " + levels);
        }
    }

    private final BitfinexBookRules rules = new BitfinexBookRules();
    private final LiveBook book = new LiveBook(25);
    private final RecordingFeed feed = new RecordingFeed();

    static JsonNode json(String text) throws Exception {
        return FmzJson.MAPPER.readTree(text);
    }

    /** Levels as the Books page shapes them: [PRICE, COUNT, AMOUNT], the asks with negative amounts. */
    static final String SNAPSHOT = "[[7254.7,3,3.3],[7254.6,2,1.5],[7254.8,1,-0.5],[7255,2,-2.25]]";

    static JsonNode snapshot(String levels) throws Exception {
        return json("{\"type\":\"snapshot\",\"levels\":" + levels + ",\"time\":1574694475039}");
    }

    static JsonNode update(String level, long time) throws Exception {
        return json("{\"type\":\"update\",\"level\":" + level + ",\"time\":" + time + "}");
    }

    static JsonNode checksum(int value) throws Exception {
        return json("{\"type\":\"checksum\",\"checksum\":" + value + ",\"time\":1}");
    }

    static int crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }

    @Test
    void numbersArePrintedAsJavaScriptPrintsThem() {
        assertThat(BitfinexChecksum.javaScript(new BigDecimal("7254.7"))).isEqualTo("7254.7");
        assertThat(BitfinexChecksum.javaScript(new BigDecimal("7255"))).isEqualTo("7255");
        assertThat(BitfinexChecksum.javaScript(new BigDecimal("-0.5"))).isEqualTo("-0.5");
        assertThat(BitfinexChecksum.javaScript(new BigDecimal("0.000001"))).isEqualTo("0.000001");
        assertThat(BitfinexChecksum.javaScript(new BigDecimal("0.0000001"))).isEqualTo("1e-7");
        assertThat(BitfinexChecksum.javaScript(new BigDecimal("-0.00000015"))).isEqualTo("-1.5e-7");
        assertThat(BitfinexChecksum.javaScript(new BigDecimal("1e21"))).isEqualTo("1e+21");
    }

    @Test
    void theChecksumTakesBidsAndAsksAlternatelyWithTheAskAmountsNegative() throws Exception {
        rules.apply(snapshot(SNAPSHOT), book, feed);

        String text = BitfinexChecksum.text(book.bids(25), book.asks(25));
        assertThat(text).isEqualTo("7254.7:3.3:7254.8:-0.5:7254.6:1.5:7255:-2.25");
        rules.apply(checksum(crc(text)), book, feed);
        assertThat(book.isSynced()).isTrue();
    }

    @Test
    void aSideThatRunsOutIsSkippedAndOnly25LevelsCount() throws Exception {
        StringBuilder levels = new StringBuilder("[[100,1,-1]");
        for (int i = 0; i < 30; i++) {
            levels.append(",[").append(90 - i).append(",1,1]");
        }
        rules.apply(snapshot(levels.append(']').toString()), book, feed);

        String text = BitfinexChecksum.text(book.bids(25), book.asks(25));
        assertThat(text).startsWith("90:1:100:-1:89:1:88:1").endsWith(":66:1").doesNotContain("65:1");
    }

    @Test
    void updatesSetAndRemoveLevelsOnTheSideTheirAmountNames() throws Exception {
        rules.apply(snapshot(SNAPSHOT), book, feed);

        rules.apply(update("[7254.8,0,-1]", 1574694475100L), book, feed); // remove the best ask
        rules.apply(update("[7254.65,1,0.2]", 1574694475200L), book, feed); // a new bid
        rules.apply(update("[7254.6,0,1]", 1574694475300L), book, feed); // remove a bid

        assertThat(book.asks(5)).extracting(level -> level.path(0).asText()).containsExactly("7255");
        assertThat(book.bids(5)).extracting(level -> level.path(0).asText()).containsExactly("7254.7", "7254.65");
        assertThat(book.eventTime()).isEqualTo(1574694475300L);
        rules.apply(checksum(crc("7254.7:3.3:7255:-2.25:7254.65:0.2")), book, feed);
    }

    @Test
    void aChecksumMismatchBreaksTheBookAndItIsSubscribedAgain() throws Exception {
        rules.apply(snapshot(SNAPSHOT), book, feed);
        int good = crc(BitfinexChecksum.text(book.bids(25), book.asks(25)));

        assertThatThrownBy(() -> rules.apply(checksum(good + 1), book, feed))
                .isInstanceOf(BrokenBook.class).hasMessageContaining("where Bitfinex sent " + (good + 1));

        rules.restart(book, feed);
        assertThat(feed.asked).containsExactly("resubscribe");
    }

    @Test
    void updatesAndChecksumsBeforeTheSnapshotAreIgnored() throws Exception {
        rules.apply(update("[7254.8,1,-1]", 1), book, feed);
        rules.apply(checksum(12345), book, feed);
        assertThat(book.isSynced()).isFalse();

        rules.apply(snapshot(SNAPSHOT), book, feed);
        assertThat(book.isSynced()).isTrue();
    }

    @Test
    void aLevelWithoutASignedAmountBreaksTheBook() throws Exception {
        rules.apply(snapshot(SNAPSHOT), book, feed);
        assertThatThrownBy(() -> rules.apply(update("[7254.8,0,0]", 2), book, feed)).isInstanceOf(BrokenBook.class);
    }
}
