package org.koppel.connector.graph;

import org.koppel.connector.AccessTokens;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Access tokens for tests: a current one, and what renewing does (a fresh token, or AuthExpired). */
final class TestTokens implements AccessTokens {

    private volatile String current;
    private final UnaryOperator<String> renewal;
    private final AtomicInteger renewals = new AtomicInteger();

    TestTokens(String current, UnaryOperator<String> renewal) {
        this.current = current;
        this.renewal = renewal;
    }

    static TestTokens fixed(String token) {
        return new TestTokens(token, rejected -> {
            throw new AssertionError("no renewal expected");
        });
    }

    @Override
    public String current() {
        return current;
    }

    @Override
    public String renew(String rejected) {
        renewals.incrementAndGet();
        current = renewal.apply(rejected);
        return current;
    }

    int renewals() {
        return renewals.get();
    }
}
