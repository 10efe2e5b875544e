package io.fmzbridge.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzRequest;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The futures calls restated in the bridge's terms: no exchange, no network. */
class FuturesCallsTest {

    private final FuturesSettings settings = new FuturesSettings();
    private final FuturesCalls calls = new FuturesCalls(settings);

    private Exchange prepared(boolean futuresAddress, String method, String params) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        ObjectNode json = (ObjectNode) FmzJson.MAPPER.readTree(params);
        exchange.setProperty(FmzCall.REQUEST_PROPERTY, new FmzRequest("okx", method, json, "key", "secret", null, "7"));
        exchange.setProperty(FmzCall.EXCHANGE_PROPERTY, futuresAddress ? "okxfutures" : "okx");
        exchange.setProperty(FuturesCalls.ADDRESS_PROPERTY, futuresAddress);
        calls.prepare(exchange);
        return exchange;
    }

    private static FmzRequest request(Exchange exchange) {
        return exchange.getProperty(FmzCall.REQUEST_PROPERTY, FmzRequest.class);
    }

    @Test
    void futuresOnlySpellingsBecomeTheirCanonicalNames() throws Exception {
        assertThat(request(prepared(true, "getpositions", "{}")).method()).isEqualTo("positions");
        assertThat(request(prepared(true, "position", "{}")).method()).isEqualTo("positions");
        assertThat(request(prepared(true, "setmarginlevel", "{\"symbol\":\"BTC_USDT\",\"margin_level\":5}")).params()
                .path("marginLevel").asInt()).isEqualTo(5);
        assertThat(request(prepared(true, "getfundings", "{}")).method()).isEqualTo("fundings");
    }

    @Test
    void theIoEnvelopeIsTheCallItStandsFor() throws Exception {
        FmzRequest margin = request(prepared(true, "io", "{\"code\":0,\"args\":[20,\"BTC_USDT\"]}"));
        assertThat(margin.method()).isEqualTo("marginlevel");
        assertThat(margin.params().path("marginLevel").asInt()).isEqualTo(20);
        assertThat(margin.params().path("symbol").asText()).as("completed on the futures address").isEqualTo("BTC_USDT.swap");
        assertThat(margin.params().has("code")).isFalse();
        assertThat(request(prepared(true, "io", "{\"code\":\"1\",\"args\":\"closebuy\"}")).params().path("direction").asText())
                .isEqualTo("closebuy");
        assertThat(request(prepared(true, "io", "{\"code\":3}")).method()).isEqualTo("positions");
        assertThatThrownBy(() -> prepared(true, "io", "{\"args\":[1]}")).isInstanceOf(FmzError.class)
                .hasMessageStartingWith("io needs a numeric 'code'");
    }

    @Test
    void aBareSymbolIsTheContractTypeSetForTheAddressAndKey() throws Exception {
        assertThat(request(prepared(true, "ticker", "{\"symbol\":\"eth_usdt\"}")).params().path("symbol").asText())
                .isEqualTo("ETH_USDT.swap");
        settings.setContractType("okxfutures", "key", io.fmzbridge.fmz.ContractType.QUARTER);
        assertThat(request(prepared(true, "ticker", "{\"symbol\":\"BTC_USD\"}")).params().path("symbol").asText())
                .isEqualTo("BTC_USD.quarter");
        assertThat(request(prepared(true, "positions", "{\"symbol\":\"USDT.swap\"}")).params().path("symbol").asText())
                .as("a range stands").isEqualTo("USDT.swap");
        assertThat(request(prepared(false, "ticker", "{\"symbol\":\"BTC_USD.swap\"}")).params().path("symbol").asText())
                .isEqualTo("BTC_USD.swap");
    }

    @Test
    void buyAndSellFollowSetDirection() throws Exception {
        settings.setDirection("okxfutures", "key", io.fmzbridge.fmz.FuturesSide.CLOSESELL);
        assertThat(request(prepared(true, "trade", "{\"symbol\":\"BTC_USDT\",\"type\":\"buy\"}")).params().path("type").asText())
                .isEqualTo("closesell");
        assertThat(request(prepared(true, "trade", "{\"symbol\":\"BTC_USDT\",\"type\":\"sell\"}")).params().path("type").asText())
                .isEqualTo("sell");
        settings.setDirection("okxfutures", "key", io.fmzbridge.fmz.FuturesSide.CLOSEBUY);
        assertThat(request(prepared(true, "trade", "{\"symbol\":\"BTC_USDT\",\"type\":\"Sell\"}")).params().path("type").asText())
                .isEqualTo("closebuy");
        assertThat(request(prepared(false, "trade", "{\"symbol\":\"BTC_USDT.swap\",\"type\":\"sell\"}")).params().path("type").asText())
                .as("kept per service address").isEqualTo("sell");
    }

    @Test
    void aMarginLevelWithoutSymbolIsOwedToEachContractOnceUntilAnotherIsKept() throws Exception {
        Exchange kept = prepared(true, "io", "{\"code\":0,\"args\":[10]}");
        assertThat(calls.isSetting(request(kept))).isTrue();
        assertThat(calls.isSetting(request(prepared(true, "io", "{\"code\":0,\"args\":[10,\"BTC_USDT\"]}"))))
                .as("with a symbol: set at once").isFalse();
        calls.applySetting(request(kept), "okxfutures", true);

        Exchange trade = prepared(true, "trade", "{\"symbol\":\"btc_usdt\",\"type\":\"buy\"}");
        assertThat(trade.getProperty(FuturesCalls.MARGIN_LEVEL_OWED_PROPERTY)).isEqualTo(new java.math.BigDecimal("10"));
        calls.owedMarginLevelCall(trade);
        assertThat(request(trade).method()).isEqualTo("marginlevel");
        assertThat(request(trade).params().path("symbol").asText()).isEqualTo("BTC_USDT.swap");
        assertThat(request(trade).params().path("marginLevel").asInt()).isEqualTo(10);
        calls.owedMarginLevelSet(trade);
        assertThat(request(trade).method()).as("the trade again").isEqualTo("trade");

        assertThat(prepared(true, "trade", "{\"symbol\":\"BTC_USDT.swap\",\"type\":\"sell\"}")
                .getProperty(FuturesCalls.MARGIN_LEVEL_OWED_PROPERTY)).as("set on that contract already").isNull();
        assertThat(prepared(true, "trade", "{\"symbol\":\"BTC_USD\",\"type\":\"sell\"}")
                .getProperty(FuturesCalls.MARGIN_LEVEL_OWED_PROPERTY)).as("another contract").isNotNull();
        assertThat(prepared(false, "trade", "{\"symbol\":\"BTC_USDT.swap\",\"type\":\"sell\"}")
                .getProperty(FuturesCalls.MARGIN_LEVEL_OWED_PROPERTY)).as("kept per service address").isNull();

        calls.applySetting(request(prepared(true, "setmarginlevel", "{\"margin_level\":\"5\"}")), "okxfutures", true);
        assertThat(prepared(true, "trade", "{\"symbol\":\"BTC_USDT\",\"type\":\"buy\"}")
                .getProperty(FuturesCalls.MARGIN_LEVEL_OWED_PROPERTY)).as("a new level is owed again")
                .isEqualTo(new java.math.BigDecimal("5"));
        prepared(true, "marginlevel", "{\"symbol\":\"BTC_USDT\",\"marginLevel\":3}");
        assertThat(prepared(true, "trade", "{\"symbol\":\"BTC_USDT\",\"type\":\"buy\"}")
                .getProperty(FuturesCalls.MARGIN_LEVEL_OWED_PROPERTY)).as("a level named for the contract since wins").isNull();
        assertThat(prepared(true, "trade", "{\"symbol\":\"BTC_USD\",\"type\":\"buy\"}")
                .getProperty(FuturesCalls.MARGIN_LEVEL_OWED_PROPERTY)).as("other contracts still owe it").isNotNull();
        assertThatThrownBy(() -> calls.applySetting(request(prepared(true, "io", "{\"code\":0,\"args\":[0]}")),
                "okxfutures", true)).isInstanceOf(FmzError.class).hasMessage("marginLevel must be positive, got 0");
    }

    @Test
    void onlyContractsAndRangesLeaveTheSpotAddress() throws Exception {
        assertThat(calls.namesContract(new FmzRequest("okx", "ticker", FmzJson.MAPPER.readTree("{\"symbol\":\"BTC_USDT\"}"), "", "", null)))
                .isFalse();
        assertThat(calls.namesContract(new FmzRequest("okx", "ticker", FmzJson.MAPPER.readTree("{\"symbol\":\"BTC_USDT.swap\"}"), "", "", null)))
                .isTrue();
        assertThat(calls.namesContract(new FmzRequest("okx", "positions", FmzJson.MAPPER.readTree("{\"symbol\":\"USD.futures\"}"), "", "", null)))
                .isTrue();
        assertThat(calls.namesContract(new FmzRequest("okx", "positions", FmzJson.MAPPER.readTree("{}"), "", "", null))).isFalse();
    }
}
