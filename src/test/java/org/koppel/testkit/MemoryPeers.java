package org.koppel.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.koppel.sync.DataType;
import org.koppel.connector.ItemPeer;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.springframework.stereotype.Component;

/**
 * Connections of type "memory" sync with a {@link MemoryContactPeer}, one per connection and data
 * type: its items are plain slot values, so it stands for an address book, a calendar or a task list.
 */
@Component
public class MemoryPeers implements PeerFactory {

    private final Map<Long, Map<DataType, MemoryContactPeer>> peers = new ConcurrentHashMap<>();
    private final Map<Long, MemoryMailbox> mailboxes = new ConcurrentHashMap<>();
    /** What {@link #afterRun} and {@link #detach} do; tests make them fail or count. */
    public volatile java.util.function.Consumer<Connection> afterRun = c -> { };
    public volatile java.util.function.Consumer<Connection> detach = c -> { };
    /** What opening a data type's store throws, if anything (null: it opens); tests set it. */
    public volatile java.util.function.Function<DataType, RuntimeException> openFails = type -> null;
    /** Whether checking a (new) secret refuses it, as a server refusing the password would; tests set it. */
    public volatile java.util.function.Predicate<String> refusesSecret = secret -> false;

    @Override
    public Map<String, String> setUp(Map<String, String> settings, String secret) {
        if (refusesSecret.test(secret)) {
            throw new org.koppel.crm.InvalidInputException("secret", "the server does not accept this user name and password");
        }
        return settings;
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public java.util.Set<DataType> dataTypes(Connection connection) {
        return java.util.EnumSet.of(DataType.CONTACTS, DataType.APPOINTMENTS, DataType.TASKS, DataType.EMAIL);
    }

    @Override
    public org.koppel.connector.mail.MailPeer openMailbox(Connection connection, String secret) {
        RuntimeException failure = openFails.apply(DataType.EMAIL);
        if (failure != null) throw failure;
        return mailbox(connection.id());
    }

    /** The connection's mailbox, the same one each run opens. */
    public MemoryMailbox mailbox(long connectionId) {
        return mailboxes.computeIfAbsent(connectionId, id -> new MemoryMailbox());
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        RuntimeException failure = openFails.apply(type);
        if (failure != null) throw failure;
        return of(connection.id(), type);
    }

    /** The connection's setting {@code provider} stands for the server it would be ({@code icloud}: iCloud's rules). */
    @Override
    public String provider(Connection connection) {
        return connection.settings().getOrDefault("provider", type());
    }

    @Override
    public void afterRun(Connection connection, String secret, ItemPeer peer) {
        afterRun.accept(connection);
    }

    @Override
    public void detach(Connection connection, String secret) {
        detach.accept(connection);
    }

    public MemoryContactPeer of(long connectionId) {
        return of(connectionId, DataType.CONTACTS);
    }

    public MemoryContactPeer of(long connectionId, DataType type) {
        return peers.computeIfAbsent(connectionId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(type, t -> new MemoryContactPeer());
    }
}
