package io.fmzbridge.declarative;

import static io.fmzbridge.RunningBridge.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.RunningBridge;
import io.fmzbridge.call.ExchangeClocks;
import io.fmzbridge.stub.StubExchange.StubRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared jobs and steps a YAML-only exchange uses as the packaged ones do, over HTTP against its
 * stub: the clock job reads the exchange's time ({@code serverTime}) and calls are signed on it, and a
 * market buy of quote currency is sent as a base amount sized at the best ask ({@code marketBuySizing}).
 * Acme's clock runs two minutes ahead of the host's and it refuses a timestamp more than 5 s off its own.
 */
class YamlOnlyExchangeJobsTest {

    static final String ACME_ROUTES = """
            - beans:
                - name: acmeRequests
                  type: io.fmzbridge.declarative.DeclaredRequests
                  properties:
                    symbol: "{quote}-{base}"
                    symbolCase: lower
                - name: acmeScheme
                  type: io.fmzbridge.sign.QueryHmacSigner
                  properties:
                    algorithm: HmacSHA512
                    keyHeader: X-ACME-KEY
                    timestampParam: ts
                    signatureParam: sig
                - name: acmeSigner
                  type: io.fmzbridge.sign.SigningStep
                  constructors:
                    0: "#bean:acmeScheme"
                - name: acmeReplies
                  type: io.fmzbridge.declarative.DeclaredReplies
                  properties:
                    errorCode: /error/code
                    errorMessage: /error/message
                    timeUnit: s
                    serverTime: /now
                    ticker: {buy: /best/bid, sell: /best/ask, last: /stats/last, time: /at}
                    balances: {list: /balances, free: /available, total: /total}
                    markets: {list: /markets, base: /base, quote: /quote, tick: /tick, lot: /lot, minQty: /min_qty}
                    placedId: /order/id

            - route:
                id: acme
                group: exchange
                routeConfigurationId: exchange
                from:
                  uri: direct:acme
                  steps:
                    - choice:
                        when:
                          - expression: {simple: {expression: "${exchangeProperty.fmzMethod} == 'markets'"}}
                            steps:
                              - setProperty: {name: endpoint, expression: {constant: {expression: "GET /v1/markets"}}}
                              - bean: {ref: acmeRequests, method: call}
                              - to: {uri: direct:acme-call}
                              - bean: {ref: acmeReplies, method: markets}
                          - expression: {simple: {expression: "${exchangeProperty.fmzMethod} in 'accounts,assets'"}}
                            steps:
                              - setProperty: {name: endpoint, expression: {constant: {expression: "GET /v1/account/balances"}}}
                              - bean: {ref: acmeRequests, method: call}
                              - process: {ref: acmeSigner}
                              - to: {uri: direct:acme-call}
                              - bean: {ref: acmeReplies, method: balances}
                          - expression: {simple: {expression: "${exchangeProperty.fmzMethod} == 'trade'"}}
                            steps:
                              - bean: {ref: marketRules, method: check}
                              # Acme's market order takes base currency: FMZ's quote to spend → base at the best ask
                              - filter:
                                  expression: {method: {ref: marketBuySizing, method: spendsQuote}}
                                  steps:
                                    - bean: {ref: marketBuySizing, method: requireRules}
                                    - setProperty: {name: endpoint, expression: {constant: {expression: "GET /v1/markets/{symbol}/ticker"}}}
                                    - bean: {ref: acmeRequests, method: call}
                                    - to: {uri: direct:acme-call}
                                    - bean: {ref: acmeReplies, method: ticker}
                                    - bean: {ref: marketBuySizing, method: atBestAsk}
                              - setProperty:
                                  name: endpoint
                                  expression:
                                    constant:
                                      expression: >-
                                        POST /v1/orders {"market": "{symbol}", "side": "{side}", "type": "{orderType}",
                                        "qty": "{amount}", "price": "{price}", "clientId": "{clientOrderId}"}
                              - bean: {ref: acmeRequests, method: call}
                              - process: {ref: acmeSigner}
                              - bean: {ref: orderPlacements, method: sendOnce}
                              - to: {uri: direct:acme-call}
                              - bean: {ref: acmeReplies, method: placed}
                              - bean: {ref: marketBuySizing, method: withSizing}
                        otherwise:
                          steps:
                            - throwException:
                                exceptionType: io.fmzbridge.fmz.FmzError
                                message: "method '${exchangeProperty.fmzMethod}' is not supported"

            - templatedRoute:
                routeTemplateRef: exchange-call
                routeId: acme-call
                parameters:
                  - {name: exchange, value: acme}
                  - {name: baseUrl, value: "{{fmz.exchange.acme.base-url}}"}
                  - {name: replyReader, value: acmeReplies}

            - templatedRoute:
                routeTemplateRef: clock-sync
                routeId: acme-clock
                parameters:
                  - {name: exchange, value: acme}
                  - {name: timeEndpoint, value: "GET /v1/time"}
                  - {name: timeReader, value: acmeReplies}

            - templatedRoute:
                routeTemplateRef: market-rules
                routeId: acme-markets
                parameters:
                  - {name: exchange, value: acme}
            """;

    static final Duration AHEAD = Duration.ofMinutes(2);

    @TempDir
    static Path userRoutes;

    static AcmeStub acme;
    static RunningBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(userRoutes.resolve("acme.camel.yaml"), ACME_ROUTES);
        acme = new AcmeStub();
        acme.clockAhead(AHEAD);
        bridge = RunningBridge.startWithJobs(Map.of(
                "fmz.routes.extra", "file:" + userRoutes.toAbsolutePath() + "/*.camel.yaml",
                "fmz.exchange.acme.base-url", acme.baseUrl(),
                "fmz.call.rate-limit-enabled", "false"));
        bridge.awaitMarketRules("acme");
        ExchangeClocks clocks = bridge.lookup(ExchangeClocks.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (clocks.measuredOffsetMs("acme") == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        acme.close();
    }

    static JsonNode data(JsonNode reply) {
        assertThat(reply.has("error")).as("error: %s", reply.path("error").asText()).isFalse();
        return reply.path("data");
    }

    @Test
    void theClockJobReadsAcmesTimeAndCallsAreSignedOnIt() throws Exception {
        assertThat(acme.requestsTo("/v1/time")).as("the clock job asked Acme's time").isNotEmpty();
        assertThat(bridge.lookup(ExchangeClocks.class).measuredOffsetMs("acme")).isCloseTo(AHEAD.toMillis(), within(2_000L));

        data(bridge.call("/Acme", envelope("accounts", AcmeStub.KEY, AcmeStub.SECRET)));
        List<StubRequest> balances = acme.requestsTo("/v1/account/balances");
        long signedAt = Long.parseLong(balances.get(balances.size() - 1).rawQuery().replaceAll("^ts=(\\d+)&.*", "$1"));
        assertThat(signedAt - System.currentTimeMillis()).as("ts on Acme's clock, two minutes ahead of the host's")
                .isCloseTo(AHEAD.toMillis(), within(5_000L));
    }

    @Test
    void aMarketBuyOfQuoteIsSentAsBaseAtTheBestAskCutToTheLot() throws Exception {
        JsonNode reply = bridge.call("/Acme", envelope("trade", AcmeStub.KEY, AcmeStub.SECRET,
                "symbol", "BTC_USDT", "type", "buy", "price", -1, "amount", 100));
        assertThat(data(reply).path("id").asText()).isEqualTo("BTC_USDT,A-" + acme.placed.size());
        JsonNode sent = acme.placed.get(acme.placed.size() - 1);
        // 100 USDT at Acme's best ask 41006.2 is 0.0024386... BTC, cut down to the lot 0.00001
        assertThat(sent.path("qty").asText()).isEqualTo("0.00243");
        assertThat(sent.path("type").asText()).isEqualTo("market");
        assertThat(sent.has("price")).as("a market order names no price").isFalse();
        assertThat(acme.requestsTo("/v1/markets/usdt-btc/ticker")).as("the ask was read first").isNotEmpty();
        assertThat(reply.path("raw").path("marketBuy").toString()).contains("41006.2").contains("0.00243");
    }
}
