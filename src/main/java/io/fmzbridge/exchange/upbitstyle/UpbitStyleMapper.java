package io.fmzbridge.exchange.upbitstyle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.Order;
import io.fmzbridge.fmz.Ticker;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;

/**
 * The route steps every exchange of the dialect maps alike: its replies read, market data, balances,
 * orders, its clock from the Date header and exchange.IO's JSON. Each exchange's mapper adds what
 * differs: markets, a placement's and a cancel's reply, history.
 */
public abstract class UpbitStyleMapper {

    private final String label;

    /** @param label the exchange's name in errors ("Upbit") */
    protected UpbitStyleMapper(String label) {
        this.label = label;
    }

    /** Reads the HTTP reply; {@code {"error":{"name","message"}}} becomes an error that keeps both. */
    public JsonNode reply(byte[] body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status) {
        return UpbitStyleReplies.read(label, body, status);
    }

    /** The ticker has no bid and ask: the top of the order book (in variable {@code book}) supplies them. */
    public FmzReply ticker(JsonNode reply, @Variable("book") JsonNode book) {
        JsonNode ticker = reply.path(0);
        if (!ticker.isObject()) {
            throw new FmzError(label + " returned no ticker");
        }
        JsonNode top = UpbitStyleReplies.firstBook(book, label).path("orderbook_units").path(0);
        return FmzReply.of(UpbitStyleReplies.ticker(ticker, top), reply);
    }

    /** Every market's ticker; the tickers carry no bid and ask, so those are 0. */
    public FmzReply tickers(JsonNode reply) {
        List<Ticker> tickers = new ArrayList<>();
        for (JsonNode t : reply) {
            tickers.add(UpbitStyleReplies.ticker(t, MissingNode.getInstance()));
        }
        return FmzReply.of(tickers, reply);
    }

    public FmzReply depth(JsonNode reply, @ExchangeProperty(FmzCall.REQUEST_PROPERTY) FmzRequest request) {
        return FmzReply.of(UpbitStyleReplies.depth(UpbitStyleReplies.firstBook(reply, label),
                UpbitStyleRequests.depthLevels(request)), reply);
    }

    public FmzReply trades(JsonNode reply) {
        return FmzReply.of(UpbitStyleReplies.trades(reply), reply);
    }

    public FmzReply records(JsonNode reply) {
        return FmzReply.of(UpbitStyleReplies.candles(reply), reply);
    }

    public FmzReply balances(JsonNode reply) {
        return FmzReply.of(UpbitStyleReplies.balances(reply), reply);
    }

    public FmzReply order(JsonNode reply) {
        return FmzReply.of(toOrder(reply), reply);
    }

    public FmzReply orders(JsonNode reply) {
        List<Order> orders = new ArrayList<>();
        reply.forEach(o -> orders.add(toOrder(o)));
        return FmzReply.of(orders, reply);
    }

    /** No server-time endpoint: the HTTP Date header tells the exchange's clock, which the JWT follows. */
    public long serverTime(JsonNode reply, @Header("Date") String date) {
        return UpbitStyleReplies.serverTime(date, label);
    }

    public FmzReply passThrough(JsonNode reply) {
        return FmzReply.of(reply, null);
    }

    protected static Order toOrder(JsonNode o) {
        return UpbitStyleReplies.order(o, "uuid");
    }
}
