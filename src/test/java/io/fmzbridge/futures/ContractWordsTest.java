package io.fmzbridge.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.fmz.ContractRange;
import io.fmzbridge.fmz.ContractType;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.FuturesSide;
import org.junit.jupiter.api.Test;

/** FMZ's words for contracts: contract types, ranges and the four sides. */
class ContractWordsTest {

    @Test
    void contractTypesInAnyCase() {
        assertThat(ContractType.parse("Next_Quarter")).isEqualTo(ContractType.NEXT_QUARTER);
        assertThatThrownBy(() -> ContractType.parse("perp")).isInstanceOf(FmzError.class)
                .hasMessage("unknown contract type 'perp' (FMZ's contract types: swap, this_week, next_week, this_month,"
                        + " next_month, quarter, next_quarter)");
    }

    @Test
    void rangesHoldTheirMarginCurrencyAndKind() {
        assertThat(ContractRange.isRange("usdt.SWAP")).isTrue();
        assertThat(ContractRange.isRange("BTC_USDT.swap")).isFalse();
        ContractRange coinMargined = ContractRange.parse("USD.futures");
        assertThat(coinMargined.contains(FmzSymbol.parse("BTC_USD.quarter"))).isTrue();
        assertThat(coinMargined.contains(FmzSymbol.parse("BTC_USD.swap"))).isFalse();
        assertThat(coinMargined.contains(FmzSymbol.parse("BTC_USDT.quarter"))).isFalse();
        assertThat(ContractRange.parse("USDT.swap").contains(FmzSymbol.parse("ETH_USDT.swap"))).isTrue();
    }

    @Test
    void theFourSides() {
        assertThat(FuturesSide.parse("CloseBuy")).isEqualTo(FuturesSide.CLOSEBUY);
        assertThat(FuturesSide.CLOSEBUY.buys()).isFalse();
        assertThat(FuturesSide.CLOSEBUY.longPosition()).isTrue();
        assertThat(FuturesSide.CLOSESELL.buys()).isTrue();
        assertThat(FuturesSide.of(true, false)).isEqualTo(FuturesSide.CLOSESELL);
        assertThat(FuturesSide.of(false, false)).isEqualTo(FuturesSide.SELL);
        assertThat(FuturesSide.BUY.following(FuturesSide.CLOSESELL)).isEqualTo(FuturesSide.CLOSESELL);
        assertThat(FuturesSide.SELL.following(FuturesSide.CLOSESELL)).isEqualTo(FuturesSide.SELL);
        assertThat(FuturesSide.CLOSEBUY.following(FuturesSide.BUY)).isEqualTo(FuturesSide.CLOSEBUY);
    }
}
