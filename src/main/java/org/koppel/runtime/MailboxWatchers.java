package org.koppel.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Keeps a watch (IMAP IDLE) on the mailbox of every connection that logs e-mail, so that a mail a person
 * marks is logged within seconds: on a change the watch asks for a run, as a Microsoft 365 change
 * notification does ({@link ConnectionStore#requestRun}); the 2-second trigger loop starts it.
 *
 * <p>Watched: connections of a type that can watch ({@link MailboxWatching}) that are active (or
 * failing: runs are still retried) and whose owner's e-mail direction is not OFF. Which those are is
 * read from the connection list every {@code koppel.mail.idle.poll} (30 s): there is no event for a
 * connection created, paused, resumed, deleted or given new settings, and a poll also catches changes
 * made on another node. A connection whose settings or secret changed (its version) is watched anew.
 *
 * <p>{@code koppel.mail.idle.enabled} (default true) turns it off; {@code koppel.mail.idle.max-connections}
 * (default 500) caps the server connections held (one per watched folder): beyond it no new watch
 * starts, and those mailboxes are read at the regular pull ({@code koppel.sync.pull-interval}). Every
 * node watches on its own; the run lease keeps their runs to one at a time.
 */
@Service
public class MailboxWatchers {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxWatchers.class);

    private final ConnectionStore connections;
    private final SecretBox secrets;
    private final SyncSettings settings;
    private final Map<String, MailboxWatching> watching;
    private final boolean enabled;
    private final int maxConnections;
    private final Map<Long, Watched> watches = new HashMap<>();
    private boolean capLogged;

    private record Watched(long version, MailboxWatching.Watch watch) {
    }

    public MailboxWatchers(ConnectionStore connections, SecretBox secrets, SyncSettings settings,
                           List<PeerFactory> factories,
                           @Value("${koppel.mail.idle.enabled:true}") boolean enabled,
                           @Value("${koppel.mail.idle.max-connections:500}") int maxConnections) {
        this.connections = connections;
        this.secrets = secrets;
        this.settings = settings;
        this.watching = factories.stream().filter(f -> f instanceof MailboxWatching)
                .collect(Collectors.toMap(PeerFactory::type, f -> (MailboxWatching) f, (a, b) -> a));
        this.enabled = enabled;
        this.maxConnections = maxConnections;
    }

    @Scheduled(fixedDelayString = "${koppel.mail.idle.poll:PT30S}", initialDelayString = "${koppel.mail.idle.poll:PT30S}")
    void scheduled() {
        if (!enabled) return;
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.error("updating the mailbox watches failed; the next round tries again", e);
        }
    }

    /**
     * Starts the watches that should run and are not, stops those that should not run any more.
     *
     * @return the connections watched now
     */
    public synchronized Set<Long> reconcile() {
        Map<Long, Connection> wanted = connections.all().stream().filter(this::wanted)
                .collect(Collectors.toMap(Connection::id, Function.identity()));
        watches.entrySet().removeIf(e -> {
            Connection c = wanted.get(e.getKey());
            boolean stale = c == null || c.version() != e.getValue().version();
            if (stale) e.getValue().watch().close();
            return stale;
        });
        for (Connection c : wanted.values()) {
            if (watches.containsKey(c.id())) continue;
            if (held() >= maxConnections) {
                if (!capLogged) LOG.warn("koppel.mail.idle.max-connections ({}) reached: further mailboxes are read"
                        + " at the regular pull only", maxConnections);
                capLogged = true;
                break;
            }
            try {
                String secret = secrets.open(connections.sealedSecret(c.id()));
                long id = c.id();
                watches.put(id, new Watched(c.version(), watching.get(c.type()).watch(c, secret,
                        () -> connections.requestRun(id))));
            } catch (RuntimeException e) {
                LOG.warn("connection {}: its mailbox cannot be watched ({}); it is read at the regular pull", c.id(),
                        e.toString());
            }
        }
        return Set.copyOf(watches.keySet());
    }

    private int held() {
        return watches.values().stream().mapToInt(w -> w.watch().connections()).sum();
    }

    private boolean wanted(Connection c) {
        if (!watching.containsKey(c.type())) return false;
        if (c.status() != Connection.Status.ACTIVE && c.status() != Connection.Status.FAILING) return false;
        try {
            return settings.mailPolicyFor(c.ownerId(), c.settings()).on();
        } catch (RuntimeException e) {
            // One connection's unreadable setting (stored before settings were checked) must not stop every watch.
            LOG.warn("connection {}: its e-mail settings cannot be read ({}); not watched", c.id(), e.toString());
            return false;
        }
    }

    /** Stops every watch (the application stops). */
    @PreDestroy
    public synchronized void stopAll() {
        watches.values().forEach(w -> w.watch().close());
        watches.clear();
    }
}
