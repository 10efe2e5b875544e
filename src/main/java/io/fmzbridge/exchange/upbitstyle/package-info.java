/**
 * The REST dialect Upbit defined and Bithumb's JWT API (v1/v2) follows: market codes written
 * quote first ({@code KRW-BTC}), the same reply shapes for tickers, order books, trades, candles,
 * balances and orders ({@code uuid}, {@code side} bid/ask, {@code state} wait/watch/done/cancel),
 * and errors as {@code {"error":{"name","message"}}}; likewise their public WebSocket, whose
 * messages carry the same fields. Neither exchange's package knows the other's; both build their
 * market-data calls, read their replies and keep their streams with what is here.
 */
package io.fmzbridge.exchange.upbitstyle;
