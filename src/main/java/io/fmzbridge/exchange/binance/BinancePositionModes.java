package io.fmzbridge.exchange.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.fmzbridge.exchange.binance.BinanceContracts.Api;
import io.fmzbridge.fmz.FmzError;
import io.fmzbridge.fmz.FmzRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Each Binance account's position mode on each futures API ({@code GET /fapi/v1/positionSide/dual},
 * COIN-M's twin on /dapi: {@code dualSidePosition}), read once per API key and API and kept: in
 * one-way mode a close is a {@code reduceOnly} order, in hedge mode {@code positionSide} names the
 * position opened or closed. An order Binance refuses over either (the mode was changed on the
 * website: -4061, or a reduceOnly sent in hedge mode: -1106) makes the next one read it again.
 * Keys are kept as digests only.
 */
public final class BinancePositionModes {

    /** The variable the {@code binance-position-mode} route is enriched into: true in hedge mode. */
    public static final String VARIABLE = "binanceHedgeMode";
    /** Exchange property the request builders leave: the API of the contract in hand. */
    public static final String API_PROPERTY = "binanceApi";

    private final Map<String, Boolean> hedge = new ConcurrentHashMap<>();

    public boolean unknown(@ExchangeProperty("fmz") FmzRequest request, @ExchangeProperty(API_PROPERTY) Api api) {
        return !hedge.containsKey(key(request, api));
    }

    public void load(JsonNode reply, @ExchangeProperty("fmz") FmzRequest request, @ExchangeProperty(API_PROPERTY) Api api) {
        JsonNode dual = reply.path("dualSidePosition");
        if (!dual.isBoolean()) {
            throw new FmzError("Binance's position mode reply names no dualSidePosition");
        }
        hedge.put(key(request, api), dual.booleanValue());
    }

    public boolean hedgeMode(@ExchangeProperty("fmz") FmzRequest request, @ExchangeProperty(API_PROPERTY) Api api) {
        return Boolean.TRUE.equals(hedge.get(key(request, api)));
    }

    /** After a refused order: if Binance refused its position side or reduceOnly, the mode is read again next time. */
    public void afterRefusal(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure,
                             @ExchangeProperty("fmz") FmzRequest request, @ExchangeProperty(API_PROPERTY) Api api) {
        String message = failure == null ? "" : String.valueOf(failure.getMessage());
        if (api != null && (message.contains("code -4061") || message.contains("code -1106"))) {
            hedge.remove(key(request, api));
        }
    }

    private static String key(FmzRequest request, Api api) {
        if (api == null) {
            throw new IllegalStateException("the position mode was asked before the contract's API was known");
        }
        try {
            return api + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.accessKey().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
