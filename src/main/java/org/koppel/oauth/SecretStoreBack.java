package org.koppel.oauth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.springframework.stereotype.Component;

/** Stores a run's refreshed tokens back into its connection's encrypted secret. */
@Component
public class SecretStoreBack {

    private final ConnectionStore connections;
    private final SecretBox secrets;

    public SecretStoreBack(ConnectionStore connections, SecretBox secrets) {
        this.connections = connections;
        this.secrets = secrets;
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
