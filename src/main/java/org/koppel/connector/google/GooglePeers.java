package org.koppel.connector.google;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.sync.DataType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code google}: a Google account's contacts through the People API (and, as they
 * come, its calendar and tasks: {@link #open} is a switch on the data type). The secret is the sign-in's
 * tokens, which Google sign-in ({@link GoogleAccounts}) produces and refreshes; this factory only asks it
 * for tokens and base URLs.
 *
 * <p>A Koppel without Google sign-in (no {@link GoogleAccounts} bean) still starts: opening a Google
 * connection is then refused with a plain reason.
 */
@Component
public class GooglePeers implements PeerFactory {

    public static final String TYPE = "google";

    private final Supplier<GoogleAccounts> accounts;
    private final ObjectMapper json;
    private final PeopleClient.Options options;

    @Autowired
    public GooglePeers(ObjectProvider<GoogleAccounts> accounts, ObjectMapper json) {
        this(accounts::getIfAvailable, json, PeopleClient.Options.defaults());
    }

    public GooglePeers(Supplier<GoogleAccounts> accounts, ObjectMapper json, PeopleClient.Options options) {
        this.accounts = accounts;
        this.json = json;
        this.options = options;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<DataType> dataTypes(Connection connection) {
        return EnumSet.of(DataType.CONTACTS);
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        return switch (type) {
            case CONTACTS -> new GoogleContactPeer(people(connection, secret), json);
            default -> throw new PeerException.Configuration("Google connections do not sync " + type + " yet", null);
        };
    }

    /** A People API client with the connection's tokens. */
    PeopleClient people(Connection connection, String secret) {
        GoogleAccounts a = accounts();
        return new PeopleClient(a.peopleBaseUrl(), a.tokens(connection.id(), secret), json, options);
    }

    /** Google sign-in, or the reason a Google connection cannot run without it. */
    GoogleAccounts accounts() {
        GoogleAccounts a = accounts.get();
        if (a == null) {
            throw new PeerException.Configuration("Google sign-in is not available in this Koppel, so Google "
                    + "connections cannot sync", null);
        }
        return a;
    }
}
