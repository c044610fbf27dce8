package org.koppel.microsoft;

import java.net.URI;
import java.time.Clock;

import org.koppel.connector.PeerException;
import org.koppel.connector.AccessTokens;
import org.koppel.connector.graph.MicrosoftAccounts;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/** What the Graph connector gets from Microsoft sign-in: a connection's tokens, refreshed and stored back. */
@Component
public class MicrosoftMailboxes implements MicrosoftAccounts {

    private final MicrosoftRegistrations registrations;
    private final MicrosoftAppSettings settings;
    private final TokenEndpoint endpoint;
    private final ConnectionStore connections;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final Clock clock;

    public MicrosoftMailboxes(MicrosoftRegistrations registrations, MicrosoftAppSettings settings, TokenEndpoint endpoint,
                              ConnectionStore connections, SecretBox secrets, ObjectMapper json, Clock clock) {
        this.registrations = registrations;
        this.settings = settings;
        this.endpoint = endpoint;
        this.connections = connections;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AccessTokens tokens(Long connectionId, String secret) {
        MicrosoftTokens tokens;
        try {
            tokens = MicrosoftTokens.parse(secret, json);
        } catch (IllegalArgumentException e) {
            // nothing usable stored (say, a connection made through the API): signing in fixes it
            throw new PeerException.AuthExpired(e.getMessage() + "; sign in to Microsoft 365 again", null);
        }
        String account = connectionId == null ? "this mailbox" : connections.find(connectionId)
                .map(c -> c.settings().getOrDefault("account", "this mailbox")).orElse("this mailbox");
        return new MailboxTokens(tokens, account, this::registration, endpoint, storeBack(connectionId), clock);
    }

    /**
     * Stores refreshed tokens, unless the owner signed in again since they were read: the sign-in's
     * tokens are newer, and this run keeps its own refreshed ones only for itself.
     */
    java.util.function.Consumer<MicrosoftTokens> storeBack(Long connectionId) {
        if (connectionId == null) return refreshed -> { };
        var stored = new java.util.concurrent.atomic.AtomicReference<>(connections.sealedSecret(connectionId));
        return refreshed -> {
            String sealed = secrets.seal(refreshed.toJson(json));
            if (outOfReachOfInterrupts(() -> connections.updateSecretIf(connectionId, stored.get(), sealed))) {
                stored.set(sealed);
            }
        };
    }

    /**
     * Runs the write on a thread of its own and waits for it whatever interrupts come. A refresh
     * happens inside a peer call, whose thread a stopped run interrupts (runtime/LiveRun); on a
     * virtual thread an interrupt closes the socket under a database write, and the rotated refresh
     * token, the only one that still works, would be lost. The interrupt stays set for the run to see.
     */
    private static boolean outOfReachOfInterrupts(java.util.function.BooleanSupplier write) {
        try {
            return java.util.concurrent.CompletableFuture
                    .supplyAsync(write::getAsBoolean, task -> Thread.ofVirtual().start(task)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw e;
        }
    }

    @Override
    public URI graphBaseUrl() {
        return settings.current().graphBaseUri();
    }

    private ClientRegistration registration() {
        ClientRegistration app = registrations.findByRegistrationId(MicrosoftSignInPaths.REGISTRATION_ID);
        if (app == null) {
            throw new PeerException.Configuration("the Microsoft app is not set up: an admin must give its client id "
                    + "and secret under Settings, Microsoft 365", null);
        }
        return app;
    }
}
