package io.fmzbridge.fmz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Quote to spend → base amount at the best ask: cut down to the step, refused below the market's minimums. */
class MarketBuyTest {

    /** Step 0.01, at least 10 and at most 1000 base, orders worth at least 10 quote. */
    static final Market USDT_AUD = new Market("USDT_AUD", "USDT", "AUD", new BigDecimal("0.00001"), new BigDecimal("0.01"),
            5, 2, new BigDecimal("10"), new BigDecimal("1000"), new BigDecimal("10"), BigDecimal.ZERO);

    static MarketBuy sized(String quote, String ask, Market market) {
        return MarketBuy.atBestAsk(new BigDecimal(quote), new BigDecimal(ask), market);
    }

    static Market withRules(String step, String minQty, String minNotional) {
        return new Market("BTC_USDT", "BTC", "USDT", new BigDecimal("0.1"), new BigDecimal(step), 1,
                Market.decimalsOf(new BigDecimal(step)), new BigDecimal(minQty), BigDecimal.ZERO,
                new BigDecimal(minNotional), BigDecimal.ZERO);
    }

    @Test
    void cutsDownToTheStepNeverUp() {
        // 100 / 1.57236 = 63.5986…: 63.60 would cost 100.0021, more than asked
        MarketBuy buy = sized("100", "1.57236", USDT_AUD);
        assertThat(buy.baseAmount().toPlainString()).isEqualTo("63.59");
        assertThat(buy.baseAmount().multiply(buy.bestAsk())).isLessThanOrEqualTo(new BigDecimal("100"));
        assertThat(buy.quoteToSpend()).isEqualByComparingTo("100");
        assertThat(buy.bestAsk()).isEqualByComparingTo("1.57236");
        assertThat(buy.amountStep()).isEqualByComparingTo("0.01");

        // 0.0131276665… at a step of 0.00000001
        assertThat(sized("100", "7617.5", withRules("0.00000001", "0", "0")).baseAmount().toPlainString())
                .isEqualTo("0.01312766");
        assertThat(sized("99.99", "1", withRules("5", "0", "0")).baseAmount().toPlainString())
                .as("a step above 1: whole fives").isEqualTo("95");
    }

    @Test
    void anExactMultipleIsKeptWhole() {
        assertThat(sized("15.7236", "1.57236", USDT_AUD).baseAmount().toPlainString()).isEqualTo("10");
        assertThat(sized("200", "2", withRules("1", "0", "0")).baseAmount().toPlainString()).isEqualTo("100");
    }

    @Test
    void belowTheMinimumAmountIsRefused() {
        // 15 / 1.57236 = 9.5398…
        assertThatThrownBy(() -> sized("15", "1.57236", USDT_AUD)).isInstanceOf(FmzError.class)
                .hasMessage("a market buy of 15 AUD at the best ask 1.57236 is 9.53 USDT, cut down to USDT_AUD's step 0.01:"
                        + " below its minimum 10; nothing was sent");
        assertThat(sized("15.7236", "1.57236", USDT_AUD).baseAmount()).as("exactly the minimum").isEqualByComparingTo("10");
    }

    @Test
    void belowTheMinimumOrderValueAtTheAskIsRefused() {
        // 10.5 quote buys 10 whole units at 1.04: worth 10.40, under an order value of 10.45
        assertThatThrownBy(() -> sized("10.5", "1.04", withRules("1", "0", "10.45"))).isInstanceOf(FmzError.class)
                .hasMessage("a market buy of 10.5 USDT at the best ask 1.04 is 10 BTC, cut down to BTC_USDT's step 1,"
                        + " worth 10.4 at that ask: below its minimum order value 10.45; nothing was sent");
    }

    @Test
    void lessThanOneStepAboveTheMaximumAndWithoutAStepOrAskAreRefused() {
        assertThatThrownBy(() -> sized("0.5", "1", withRules("1", "0", "0"))).isInstanceOf(FmzError.class)
                .hasMessage("a market buy of 0.5 USDT at the best ask 1 is 0 BTC, cut down to BTC_USDT's step 1:"
                        + " less than one step; nothing was sent");
        assertThatThrownBy(() -> sized("2000", "1.5", USDT_AUD)).isInstanceOf(FmzError.class)
                .hasMessage("a market buy of 2000 AUD at the best ask 1.5 is 1333.33 USDT, cut down to USDT_AUD's step"
                        + " 0.01: above its maximum 1000; nothing was sent");
        assertThatThrownBy(() -> sized("100", "1.5", withRules("0", "0", "0"))).isInstanceOf(FmzError.class)
                .hasMessageEndingWith("but its market rules give no amount step; nothing was sent");
        assertThatThrownBy(() -> sized("100", "0", USDT_AUD)).isInstanceOf(FmzError.class)
                .hasMessage("a market buy of USDT_AUD is converted to base currency at the best ask, and USDT_AUD's"
                        + " order book has no ask; nothing was sent");
    }

    @Test
    void onlyAMarketBuySendsTheSizedAmount() {
        OrderRequest marketBuy = new OrderRequest(FmzSymbol.parse("USDT_AUD"), true, new BigDecimal("100"), null);
        OrderRequest limitBuy = new OrderRequest(FmzSymbol.parse("USDT_AUD"), true, new BigDecimal("20"), new BigDecimal("1.5"));
        OrderRequest marketSell = new OrderRequest(FmzSymbol.parse("USDT_AUD"), false, new BigDecimal("30"), null);
        MarketBuy sized = sized("100", "1.57236", USDT_AUD);
        assertThat(MarketBuy.baseAmountOf(marketBuy, sized)).isEqualByComparingTo("63.59");
        assertThat(MarketBuy.baseAmountOf(limitBuy, null)).isEqualByComparingTo("20");
        assertThat(MarketBuy.baseAmountOf(marketSell, null)).isEqualByComparingTo("30");
        assertThatThrownBy(() -> MarketBuy.baseAmountOf(marketBuy, null)).isInstanceOf(IllegalStateException.class);
    }
}
