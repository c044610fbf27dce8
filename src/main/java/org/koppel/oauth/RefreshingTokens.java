package org.koppel.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.koppel.connector.AccessTokens;

/**
 * The tokens of one signed-in account (a mailbox, a Google account) during one run. Refreshes a few
 * minutes before the access token expires, so a request never leaves with a token that dies on the
 * way, and after the API refused one (401). Synchronized: a run may ask from several threads, and a
 * refresh token may be good for one use only.
 */
public final class RefreshingTokens<T extends RefreshingTokens.Held> implements AccessTokens {

    /** What a provider's stored tokens give. */
    public interface Held {
        String accessToken();

        Instant expiresAt();
    }

    /** Refresh this long before expiry. */
    public static final Duration MARGIN = Duration.ofMinutes(5);

    private final UnaryOperator<T> refresh;
    private final Consumer<T> store;
    private final String account;
    private final Clock clock;
    private T tokens;

    /**
     * @param refresh the refresh_token grant: new tokens from the held ones
     * @param store   stores refreshed tokens back (into the connection's secret)
     */
    public RefreshingTokens(T tokens, String account, UnaryOperator<T> refresh, Consumer<T> store, Clock clock) {
        this.tokens = tokens;
        this.account = account;
        this.refresh = refresh;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public synchronized String current() {
        if (expiresSoon()) refresh();
        return tokens.accessToken();
    }

    @Override
    public synchronized String renew(String rejected) {
        // another caller renewed it meanwhile: the new one has not been refused yet
        if (!tokens.accessToken().equals(rejected) && !expiresSoon()) return tokens.accessToken();
        refresh();
        return tokens.accessToken();
    }

    private boolean expiresSoon() {
        return !tokens.expiresAt().isAfter(clock.instant().plus(MARGIN));
    }

    private void refresh() {
        tokens = refresh.apply(tokens);
        // stored at once: the provider may have rotated the refresh token, and the old one may stop working
        store.accept(tokens);
    }

    @Override
    public String toString() {
        return "RefreshingTokens[" + account + "]";
    }
}
