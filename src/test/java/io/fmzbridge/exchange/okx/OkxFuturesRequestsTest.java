package io.fmzbridge.exchange.okx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fmzbridge.call.RestCall;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** OKX contract requests where the end-to-end tests do not reach: isolated margin, the setting itself. */
class OkxFuturesRequestsTest {

    private static OkxContracts.Book book() throws Exception {
        OkxContracts contracts = new OkxContracts(Duration.ofSeconds(10), Duration.ofHours(1), Clock.systemUTC());
        contracts.load(FmzJson.MAPPER.readTree("""
                {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","instFamily":"BTC-USDT",
                "uly":"BTC-USDT","settleCcy":"USDT","ctType":"linear","ctVal":"0.01","ctValCcy":"BTC","tickSz":"0.1",
                "lotSz":"0.01","minSz":"0.01","maxLmtSz":"100000","maxMktSz":"10000","lever":"100","alias":"",
                "expTime":"","state":"live"}]}"""), FmzJson.MAPPER.readTree("{\"code\":\"0\",\"msg\":\"\",\"data\":[]}"));
        return contracts.current();
    }

    private static FmzRequest marginLevel(String level) throws Exception {
        return new FmzRequest("okx", "marginlevel", FmzJson.MAPPER.readTree(
                "{\"symbol\":\"BTC_USDT.swap\",\"marginLevel\":\"" + level + "\"}"), "k", "s,p", null);
    }

    @Test
    void isolatedMarginInLongShortModeSetsEachSide() throws Exception {
        OkxFuturesRequests isolated = new OkxFuturesRequests("isolated");
        assertThat(isolated.leverageCalls(true)).isEqualTo(2);
        assertThat(isolated.leverageCalls(false)).isEqualTo(1);
        RestCall first = isolated.leverage(marginLevel("5"), "POST /api/v5/account/set-leverage", book(), true, 0);
        RestCall second = isolated.leverage(marginLevel("5"), "POST /api/v5/account/set-leverage", book(), true, 1);
        assertThat(first.body()).isEqualTo("{\"instId\":\"BTC-USDT-SWAP\",\"lever\":\"5\",\"mgnMode\":\"isolated\",\"posSide\":\"long\"}");
        assertThat(second.body()).endsWith("\"posSide\":\"short\"}");
        assertThat(isolated.leverage(marginLevel("5"), "POST /api/v5/account/set-leverage", book(), false, 0).body())
                .doesNotContain("posSide");
    }

    @Test
    void crossMarginIsOneCallAndTheModeIsASetting() throws Exception {
        assertThat(new OkxFuturesRequests("CROSS").leverageCalls(true)).isEqualTo(1);
        assertThatThrownBy(() -> new OkxFuturesRequests("portfolio")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fmz.exchange.okx.margin-mode must be cross or isolated, not portfolio");
    }
}
