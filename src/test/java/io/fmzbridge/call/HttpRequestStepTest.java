package io.fmzbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * What camel-http receives from the last step of the call leg. The stub tests see the request on the
 * wire; these pin what the wire cannot show: the verb travels as camel-http's enum (as a string it
 * costs a converter-registry scan on every call, about a fifth of the CPU under load), and nothing the
 * FMZ request brought in is left for camel-http to turn into a request header.
 */
class HttpRequestStepTest {

    /** Exchanges to carry the call: nothing here routes, so the context is never started. */
    private final CamelContext context = new DefaultCamelContext();

    private Message sent(RestCall call) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("Http-Method", "DELETE");
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, 1234L);
        exchange.getMessage().setBody(call);
        new HttpRequestStep().process(exchange);
        assertThat(exchange.getProperty(HttpRequestStep.CALL_PROPERTY)).isEqualTo(call);
        assertThat(exchange.getProperty(HttpRequestStep.LEAVING_PROPERTY)).isEqualTo(Boolean.TRUE);
        return exchange.getMessage();
    }

    @Test
    void aGetCarriesItsVerbAsTheEnumItsPathAndRawQueryAndNoBody() throws Exception {
        Message message = sent(RestCall.of("GET /api/v5/market/ticker").param("instId", "BTC-USDT"));

        assertThat(message.getHeader(Exchange.HTTP_METHOD)).isSameAs(HttpMethods.GET);
        assertThat(message.getHeaders()).containsOnlyKeys(Exchange.HTTP_METHOD, Exchange.HTTP_PATH, Exchange.HTTP_RAW_QUERY, "User-Agent");
        assertThat(message.getHeader("User-Agent")).isEqualTo("fmz-camel-bridge");
        assertThat(message.getHeader(Exchange.HTTP_PATH)).isEqualTo("/api/v5/market/ticker");
        assertThat(message.getHeader(Exchange.HTTP_RAW_QUERY)).isEqualTo("instId=BTC-USDT");
        assertThat(message.getBody()).isNull();
    }

    @Test
    void aPostCarriesItsOwnHeadersAndBodyAndNothingTheFmzRequestBrought() throws Exception {
        Message message = sent(RestCall.of("POST /api/v5/trade/order").body("{\"sz\":\"0.001\"}")
                .header("OK-ACCESS-KEY", "key"));

        assertThat(message.getHeader(Exchange.HTTP_METHOD)).isSameAs(HttpMethods.POST);
        assertThat(message.getHeaders()).containsOnlyKeys(Exchange.HTTP_METHOD, Exchange.HTTP_PATH,
                "Content-Type", "OK-ACCESS-KEY", "User-Agent");
        assertThat(message.getBody()).isEqualTo("{\"sz\":\"0.001\"}");
    }
}
