package org.koppel.microsoft;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.koppel.connector.AccessTokens;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * The tokens of one mailbox during one run. Refreshes a few minutes before the access token
 * expires, so a request never leaves with a token that dies on the way, and after Graph refused
 * one (401). Synchronized: a run may ask from several threads, and a refresh token is used once.
 */
final class MailboxTokens implements AccessTokens {

    /** Refresh this long before expiry. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final Supplier<ClientRegistration> app;
    private final TokenEndpoint endpoint;
    private final Consumer<MicrosoftTokens> store;
    private final String account;
    private final Clock clock;
    private MicrosoftTokens tokens;

    MailboxTokens(MicrosoftTokens tokens, String account, Supplier<ClientRegistration> app, TokenEndpoint endpoint,
                  Consumer<MicrosoftTokens> store, Clock clock) {
        this.tokens = tokens;
        this.account = account;
        this.app = app;
        this.endpoint = endpoint;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public synchronized String current() {
        if (tokens.expiresWithin(MARGIN, clock.instant())) refresh();
        return tokens.accessToken();
    }

    @Override
    public synchronized String renew(String rejected) {
        // another caller renewed it meanwhile: the new one has not been refused yet
        if (!tokens.accessToken().equals(rejected) && !tokens.expiresWithin(MARGIN, clock.instant())) {
            return tokens.accessToken();
        }
        refresh();
        return tokens.accessToken();
    }

    private void refresh() {
        tokens = endpoint.refresh(app.get(), tokens, account);
        // stored at once: Microsoft may have rotated the refresh token, and the old one may stop working
        store.accept(tokens);
    }

    @Override
    public String toString() {
        return "MailboxTokens[" + account + "]";
    }
}
