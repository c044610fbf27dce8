package org.koppel.oauth;

import java.util.Locale;
import java.util.function.Function;

import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.springframework.stereotype.Component;

/**
 * Which connection a sign-in is for: one per account and owner, found again by the account's id at
 * the provider (which, unlike its name, never changes) or, for tokens that do not hold it, by name.
 */
@Component
public class SignedInConnections {

    /**
     * A provider's connections.
     *
     * @param type           the connection type: microsoft365, google
     * @param service        as the messages name it: "Microsoft 365", "Google"
     * @param what           what the owner signed in with: "mailbox", "Google account"
     * @param userIdOfSecret the account's id at the provider, read from a connection's decrypted secret; null when
     *                       it holds none; IllegalArgumentException when it is no set of tokens
     */
    public record Kind(String type, String service, String what, Function<String, String> userIdOfSecret) {
    }

    private final Connections connections;
    private final ConnectionStore store;
    private final SecretBox secrets;

    public SignedInConnections(Connections connections, ConnectionStore store, SecretBox secrets) {
        this.connections = connections;
        this.store = store;
        this.secrets = secrets;
    }

    /** Only the owner signs in for a connection: it is their account, not an admin's. */
    public Connection own(long id, KoppelUser user, Kind kind) {
        Connection c = connections.find(id, user);
        if (c.ownerId() != user.employeeId() || !c.type().equals(kind.type())) {
            throw new InvalidInputException("connection", "only the owner of a " + kind.service()
                    + " connection can sign in for it");
        }
        return c;
    }

    /**
     * The connection a sign-in renews: the one its owner asked for (Sign in again), else their connection
     * of the same account; null when there is none, and a new one is to be made.
     */
    public Connection target(Long asked, KoppelUser user, Kind kind, String account, String userId) {
        if (asked != null) return own(asked, user, kind);
        return store.ofOwner(user.employeeId()).stream()
                .filter(c -> c.type().equals(kind.type()) && sameAccount(c, kind, account, userId)).findFirst().orElse(null);
    }

    /** By the account's id where both are known (a name can change), else by the name. */
    public boolean sameAccount(Connection c, Kind kind, String account, String userId) {
        String storedId = storedUserId(c.id(), kind);
        if (storedId != null && userId != null) return storedId.equals(userId);
        String stored = c.settings().get(ConnectionTokens.ACCOUNT);
        return stored != null && stored.toLowerCase(Locale.ROOT).equals(account.toLowerCase(Locale.ROOT));
    }

    /** "Google (ann@example.com)", within the 200 characters of a connection's name. */
    public static String name(Kind kind, String account) {
        String name = kind.service() + " (" + account + ")";
        return name.length() <= 200 ? name : name.substring(0, 199) + "…";
    }

    private String storedUserId(long connectionId, Kind kind) {
        try {
            return kind.userIdOfSecret().apply(secrets.open(store.sealedSecret(connectionId)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
