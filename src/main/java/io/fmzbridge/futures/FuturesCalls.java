package io.fmzbridge.futures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmzbridge.fmz.ContractType;
import io.fmzbridge.fmz.FmzCall;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzMethods;
import io.fmzbridge.fmz.FmzReply;
import io.fmzbridge.fmz.FmzRequest;
import io.fmzbridge.fmz.FmzSymbol;
import io.fmzbridge.fmz.FuturesSide;
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
 * <li>SetDirection and SetContractType themselves, answered from {@link FuturesSettings}.</li>
 * </ul>
 */
public final class FuturesCalls {

    /** Exchange property a futures service address sets (/OKXFutures): bare symbols there are contracts. */
    public static final String ADDRESS_PROPERTY = "fmzFuturesAddress";
    /** Exchange property {@link #prepare} leaves on a futures address: the contract type set there (swap, quarter). */
    public static final String CONTRACT_TYPE_PROPERTY = "fmzContractType";

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
            case "marginlevel" -> LegacyIo.rename(params, "marginLevel", "margin_level", "marginlevel", "level");
            case SET_DIRECTION -> LegacyIo.rename(params, "direction", "type");
            case SET_CONTRACT_TYPE -> LegacyIo.rename(params, "contract_type", "contractType", "contracttype");
            default -> { }
        }
        completeSymbol(params, futuresAddress, address, request.accessKey());
        if (futuresAddress) {
            exchange.setProperty(CONTRACT_TYPE_PROPERTY, settings.contractType(address, request.accessKey()).code());
        }
        if (method.equals("trade") && params.hasNonNull("type")) {
            FuturesSide side = FuturesSide.parse(params.get("type").asText())
                    .following(settings.direction(address, request.accessKey()));
            params.put("type", side.word());
        }
        FmzRequest restated = request.restated(method, params);
        exchange.setProperty(REQUEST, restated);
        exchange.setProperty(FmzCall.METHOD_PROPERTY, method);
        exchange.getMessage().setBody(restated);
    }

    /** Whether the restated call is a setting the bridge keeps itself, with no exchange call. */
    public boolean isSetting(@ExchangeProperty(FmzCall.METHOD_PROPERTY) String method) {
        return SET_DIRECTION.equals(method) || SET_CONTRACT_TYPE.equals(method);
    }

    /** SetDirection or SetContractType: kept for this service address and access key. */
    public FmzReply applySetting(@ExchangeProperty(REQUEST) FmzRequest request,
                                 @ExchangeProperty(FmzCall.EXCHANGE_PROPERTY) String address,
                                 @ExchangeProperty(ADDRESS_PROPERTY) Boolean futuresAddress) {
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
