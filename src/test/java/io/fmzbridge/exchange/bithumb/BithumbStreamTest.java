package io.fmzbridge.exchange.bithumb;

import io.fmzbridge.exchange.upbitstyle.UpbitStyleStreamCases;
import io.fmzbridge.stub.StubExchange;

/**
 * Bithumb market data from its public stream, which follows Upbit's format: text frames, and the 15
 * levels Bithumb's books are sure to carry answered from (it does not say how many units it sends).
 */
class BithumbStreamTest extends UpbitStyleStreamCases {

    BithumbStreamTest() {
        super("Bithumb", false, 15);
    }

    @Override
    protected StubExchange startRest() {
        return BithumbStub.start();
    }
}
