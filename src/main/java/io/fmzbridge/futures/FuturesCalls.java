package io.fmzbridge.futures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.ContractType;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzJson;
import io.fmzbridge.fmz.FmzMethods;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.FuturesSide;
import java.math.BigDecimal;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The first steps of an exchange's futures routes, the same for every exchange:
 * <ul>
 * <li>which calls on an exchange's spot address are for contracts: those naming a contract
 * ({@code BTC_USDT.swap}) or a range ({@code USDT.swap});</li>
 * <li>the call restated in the bridge's own terms: a futures-only method's canonical name, the
 * legacy envelope {@code {"method":"io","params":{"code":N,"args":[…]}}} as the call it stands for
 * (0 SetMarginLevel, 1 SetDirection, 2 SetContractType, 3 GetPosition), a bare symbol on a futures
 * address as the contract last set there (default {@code swap}), and a {@code buy} or {@code sell}
 * as the side SetDirection makes of it;</li>
 * <li>SetDirection, SetContractType and a SetMarginLevel without a symbol themselves, answered from
 * {@link FuturesSettings};</li>
 * <li>the margin level so kept, set on each contract just before its first order after it was
 * kept: {@link #prepare} names it in {@link #MARGIN_LEVEL_OWED_PROPERTY}, the exchange's route sets it
 * between {@link #owedMarginLevelCall} and {@link #owedMarginLevelSet}.</li>
 * </ul>
 */
public final class FuturesCalls {

    /** Exchange property a futures service address sets (/OKXFutures): bare symbols there are contracts. */
    public static final String ADDRESS_PROPERTY = "fmzFuturesAddress";
    /** Exchange property {@link #prepare} leaves on a futures address: the contract type set there (swap, quarter). */
    public static final String CONTRACT_TYPE_PROPERTY = "fmzContractType";

    /** Exchange property {@link #prepare} leaves on a trade whose contract is owed the kept margin level. */
    public static final String MARGIN_LEVEL_OWED_PROPERTY = "fmzMarginLevelOwed";
    private static final String HELD_TRADE_PROPERTY = "fmzHeldTrade";

    static final String MARGIN_LEVEL = "marginlevel";
    static final String SET_DIRECTION = "setdirection";
    static final String SET_CONTRACT_TYPE = "setcontracttype";
    private static final String REQUEST = FmzCall.REQUEST_PROPERTY;

    private final FuturesSettings settings;

    public FuturesCalls(FuturesSettings settings) {
        this.settings = settings;
    }

    /** On an exchange's spot address: whether the call names a contract or a range of contracts. */
    public boolean namesContract(@ExchangeProperty(REQUEST) FmzRequest request) {
        JsonNode symbol = request.params().get("symbol");
        return symbol != null && symbol.isTextual() && symbol.asText().indexOf('.') >= 0;
    }

    /** Restates the call (see the class comment) as the body, the request property and the method property. */
    public void prepare(Exchange exchange) {
        FmzRequest request = exchange.getProperty(REQUEST, FmzRequest.class);
        String address = exchange.getProperty(FmzCall.EXCHANGE_PROPERTY, String.class);
        boolean futuresAddress = Boolean.TRUE.equals(exchange.getProperty(ADDRESS_PROPERTY, Boolean.class));
        ObjectNode params = request.params().deepCopy();
        String method = FmzMethods.canonical(request.method());
        if (method.equals("io")) {
            method = LegacyIo.restate(params);
        }
        switch (method) {
            case MARGIN_LEVEL -> LegacyIo.rename(params, "marginLevel", "margin_level", "marginlevel", "level");
            case SET_DIRECTION -> LegacyIo.rename(params, "direction", "type");
            case SET_CONTRACT_TYPE -> LegacyIo.rename(params, "contract_type", "contractType", "contracttype");
            default -> { }
        }
        if (!method.startsWith(FmzRequest.API_PREFIX)) {
            // exchange.IO's params are the exchange's own query (symbol=BTCUSDT), never an FMZ symbol
            completeSymbol(params, futuresAddress, address, request.accessKey());
        }
        if (futuresAddress) {
            exchange.setProperty(CONTRACT_TYPE_PROPERTY, settings.contractType(address, request.accessKey()).code());
        }
        if (method.equals("trade") && params.hasNonNull("type")) {
            FuturesSide side = FuturesSide.parse(params.get("type").asText())
                    .following(settings.direction(address, request.accessKey()));
            params.put("type", side.word());
        }
        if (method.equals(MARGIN_LEVEL) && params.hasNonNull("symbol")) {
            // SetMarginLevel(symbol, level) is the last word for that contract: the kept level is not set over it
            settings.marginLevelNamed(address, request.accessKey(), contractKey(params));
        }
        if (method.equals("trade") && params.hasNonNull("symbol") && settings.keepsMarginLevel(address, request.accessKey())) {
            BigDecimal owed = settings.marginLevelOwed(address, request.accessKey(), contractKey(params));
            if (owed != null) {
                exchange.setProperty(MARGIN_LEVEL_OWED_PROPERTY, owed);
            }
        }
        FmzRequest restated = request.restated(method, params);
        exchange.setProperty(REQUEST, restated);
        exchange.setProperty(FmzCall.METHOD_PROPERTY, method);
        exchange.getMessage().setBody(restated);
    }

    /**
     * Whether the restated call is a setting the bridge keeps itself, with no exchange call: a
     * margin level without a symbol is one, as FMZ's SetMarginLevel is for the contract traded next.
     */
    public boolean isSetting(@ExchangeProperty(REQUEST) FmzRequest request) {
        String method = request.method();
        return SET_DIRECTION.equals(method) || SET_CONTRACT_TYPE.equals(method)
                || MARGIN_LEVEL.equals(method) && request.param("symbol") == null;
    }

    /** SetDirection, SetContractType or SetMarginLevel without a symbol: kept for this service address and access key. */
    public FmzReply applySetting(@ExchangeProperty(REQUEST) FmzRequest request,
                                 @ExchangeProperty(FmzCall.EXCHANGE_PROPERTY) String address,
                                 @ExchangeProperty(ADDRESS_PROPERTY) Boolean futuresAddress) {
        if (request.method().equals(MARGIN_LEVEL)) {
            BigDecimal level = request.decimal("marginLevel");
            if (level.signum() <= 0) {
                throw new FmzError("marginLevel must be positive, got " + level.toPlainString());
            }
            settings.keepMarginLevel(address, request.accessKey(), level);
            return FmzReply.of(true, "margin level " + level.toPlainString() + " kept for the next order's contract:"
                    + " set on the exchange just before the first order on each contract from now on");
        }
        if (request.method().equals(SET_DIRECTION)) {
            settings.setDirection(address, request.accessKey(), FuturesSide.parse(request.requireParam("direction")));
            return FmzReply.of(true, null);
        }
        if (!Boolean.TRUE.equals(futuresAddress)) {
            throw new FmzError("SetContractType applies on a futures service address (like /" + address
                    + "Futures), where a bare symbol then means that contract");
        }
        settings.setContractType(address, request.accessKey(), ContractType.parse(request.requireParam("contract_type")));
        return FmzReply.of(true, null);
    }

    /** Whether the trade at hand must first set the kept margin level on its contract. */
    public boolean owesMarginLevel(@ExchangeProperty(MARGIN_LEVEL_OWED_PROPERTY) BigDecimal owed) {
        return owed != null;
    }

    /**
     * The trade's contract owes the kept margin level: the call becomes that contract's
     * SetMarginLevel, for the exchange's own {@code marginlevel} steps; the trade waits aside.
     */
    public void owedMarginLevelCall(Exchange exchange) {
        FmzRequest trade = exchange.getProperty(REQUEST, FmzRequest.class);
        BigDecimal owed = exchange.getProperty(MARGIN_LEVEL_OWED_PROPERTY, BigDecimal.class);
        ObjectNode params = FmzJson.MAPPER.createObjectNode();
        params.set("symbol", trade.params().get("symbol"));
        params.put("marginLevel", owed);
        exchange.setProperty(HELD_TRADE_PROPERTY, trade);
        exchange.setProperty(REQUEST, trade.restated(MARGIN_LEVEL, params));
    }

    /** The exchange took the margin level: noted for the contract, and the trade is the call again. */
    public void owedMarginLevelSet(Exchange exchange) {
        FmzRequest trade = exchange.getProperty(HELD_TRADE_PROPERTY, FmzRequest.class);
        BigDecimal level = exchange.getProperty(MARGIN_LEVEL_OWED_PROPERTY, BigDecimal.class);
        String address = exchange.getProperty(FmzCall.EXCHANGE_PROPERTY, String.class);
        settings.marginLevelSet(address, trade.accessKey(), contractKey(trade.params()), level);
        exchange.setProperty(REQUEST, trade);
        exchange.removeProperty(HELD_TRADE_PROPERTY);
        exchange.removeProperty(MARGIN_LEVEL_OWED_PROPERTY);
    }

    /** The contract a trade names, spelled one way whatever case FMZ sent it in. */
    private static String contractKey(JsonNode params) {
        return FmzSymbol.parse(params.path("symbol").asText()).toString();
    }

    /** A bare pair on a futures address is the contract set there; a contract or range stands as sent. */
    private void completeSymbol(ObjectNode params, boolean futuresAddress, String address, String accessKey) {
        JsonNode symbol = params.get("symbol");
        if (!futuresAddress || symbol == null || !symbol.isTextual() || symbol.asText().isBlank()
                || symbol.asText().indexOf('.') >= 0) {
            return;
        }
        FmzSymbol pair = FmzSymbol.parse(symbol.asText());
        params.put("symbol", pair + "." + settings.contractType(address, accessKey).code());
    }
}
