package io.fmzbridge.exchange.upbit;

import io.fmzbridge.exchange.upbitstyle.UpbitStyleStreamCases;
import io.fmzbridge.stub.StubExchange;

/**
 * Upbit market data from its public stream: JSON in binary frames, as Upbit sends it, and the 30 units
 * of an orderbook message all answered from.
 */
class UpbitStreamTest extends UpbitStyleStreamCases {

    UpbitStreamTest() {
        super("Upbit", true, 30);
    }

    @Override
    protected StubExchange startRest() {
        return UpbitStub.start();
    }
}
