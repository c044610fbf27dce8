package org.koppel.oauth;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.PeerException;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.springframework.stereotype.Component;

/**
 * The tokens a connection's secret holds, for the connector: parsed, refreshed before they expire
 * ({@link RefreshingTokens}) and stored back into the connection's encrypted secret.
 */
@Component
public class ConnectionTokens {

    /**
     * How a provider keeps its tokens in a connection's secret.
     *
     * @param service    for the message when nothing usable is stored: "Microsoft 365", "Google"
     * @param someone    the account when the connection does not say: "this mailbox"
     * @param parse      the secret to tokens; IllegalArgumentException (with a message for a person) when it is none
     */
    public record Kind<T extends RefreshingTokens.Held>(String service, String someone, Function<String, T> parse,
                                                        Function<T, String> toJson) {
    }

    /** The connection setting with the signed-in account's name (an e-mail address). */
    public static final String ACCOUNT = "account";

    private final ConnectionStore connections;
    private final SecretBox secrets;
    private final Clock clock;

    public ConnectionTokens(ConnectionStore connections, SecretBox secrets, Clock clock) {
        this.connections = connections;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * @param connectionId null: refreshed tokens are not stored (a connection being set up)
     * @param secret       the connection's decrypted secret; never logged
     * @param refresh      the refresh_token grant: new tokens from the held ones, for the named account
     */
    public <T extends RefreshingTokens.Held> AccessTokens open(Long connectionId, String secret, Kind<T> kind,
                                                               BiFunction<T, String, T> refresh) {
        T tokens;
        try {
            tokens = kind.parse().apply(secret);
        } catch (IllegalArgumentException e) {
            // nothing usable stored (say, a connection made through the API): signing in fixes it
            throw new PeerException.AuthExpired(e.getMessage() + "; sign in to " + kind.service() + " again", null);
        }
        String account = connectionId == null ? kind.someone() : connections.find(connectionId)
                .map(c -> c.settings().getOrDefault(ACCOUNT, kind.someone())).orElse(kind.someone());
        return new RefreshingTokens<>(tokens, account, held -> refresh.apply(held, account),
                storeBack(connectionId, kind.toJson()), clock);
    }

    /**
     * Stores refreshed tokens, unless the owner signed in again since they were read: the sign-in's
     * tokens are newer, and this run keeps its own refreshed ones only for itself.
     *
     * @param connectionId null: nothing is stored (a connection being set up)
     */
    public <T> Consumer<T> storeBack(Long connectionId, Function<T, String> toJson) {
        if (connectionId == null) return refreshed -> { };
        var stored = new AtomicReference<>(connections.sealedSecret(connectionId));
        return refreshed -> {
            String sealed = secrets.seal(toJson.apply(refreshed));
            if (outOfReachOfInterrupts(() -> connections.updateSecretIf(connectionId, stored.get(), sealed))) {
                stored.set(sealed);
            }
        };
    }

    /**
     * Runs the write on a thread of its own and waits for it whatever interrupts come. A refresh
     * happens inside a peer call, whose thread a stopped run interrupts (runtime/LiveRun); on a
     * virtual thread an interrupt closes the socket under a database write, and a rotated refresh
     * token, the only one that still works, would be lost. The interrupt stays set for the run to see.
     */
    private static boolean outOfReachOfInterrupts(BooleanSupplier write) {
        try {
            return CompletableFuture.supplyAsync(write::getAsBoolean, task -> Thread.ofVirtual().start(task)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw e;
        }
    }
}
