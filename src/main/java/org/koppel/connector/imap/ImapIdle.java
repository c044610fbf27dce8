package org.koppel.connector.imap;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.koppel.connector.PeerException;
import org.koppel.security.OutboundPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one IMAP folder with IDLE (RFC 2177) on a connection of its own and calls {@code onChange}
 * when the server tells of a new mail ({@code EXISTS}), a mail's flags changing ({@code FETCH}, such as a
 * person adding the "Koppel" keyword) or a mail going ({@code EXPUNGE}). The callback only asks for a
 * run; the run finds out what changed, so a burst of events costs one run.
 *
 * <p>IDLE is ended (DONE) and issued again every {@code renew} (default 10 minutes): RFC 2177 says
 * servers may log a client off after 30 minutes of IDLE, and NAT routers forget quiet connections. A
 * dropped connection is opened again after a pause that doubles from 1 second to 5 minutes; a refused
 * sign-in or a missing folder waits the longest pause (the runs report those). {@link #close()} stops it
 * at once: the watching thread is virtual, and interrupting a virtual thread blocked on a socket closes
 * the socket ({@link java.net.Socket#getInputStream()}).
 */
public final class ImapIdle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapIdle.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(5);
    /** Ends each IDLE when it is due; one daemon thread for every watch (it only writes "DONE"). */
    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "imap-idle-renewal");
        t.setDaemon(true);
        return t;
    });

    private final ImapSettings settings;
    private final String password;
    private final OutboundPolicy outbound;
    private final String folder;
    private final Runnable onChange;
    private final Duration renew;
    private final AtomicLong commands = new AtomicLong();
    private final AtomicBoolean idling = new AtomicBoolean();
    private final AtomicLong idles = new AtomicLong();
    private volatile boolean running = true;
    /** The connection in use, for {@link #close()} to end its IDLE; null between connections. */
    private volatile IMAPProtocol current;
    private final Thread thread;

    /**
     * Starts watching at once.
     *
     * @param renew how long one IDLE lasts before it is issued again; under 29 minutes
     */
    ImapIdle(ImapSettings settings, String password, OutboundPolicy outbound, String folder, Runnable onChange,
             Duration renew) {
        // A connection in IDLE is quiet for as long as nothing happens: reading may wait a renewal and a minute.
        this.settings = new ImapSettings(settings.host(), settings.port(), settings.security(), settings.username(),
                settings.folders(), settings.maxMailBytes(), settings.connectTimeout(), renew.plusMinutes(1));
        this.password = password;
        this.outbound = outbound;
        this.folder = folder;
        this.onChange = onChange;
        this.renew = renew;
        this.thread = Thread.ofVirtual().name("imap-idle " + settings.host() + " " + folder).start(this::watch);
    }

    /** Whether the server is now in IDLE for this watch: changes from here on are told. */
    public boolean idling() {
        return idling.get();
    }

    /** IDLE commands issued so far (one more each renewal and each reconnection). */
    long idles() {
        return idles.get();
    }

    /** Whether the watching thread has ended. */
    boolean stopped() {
        return !thread.isAlive();
    }

    private void watch() {
        Duration pause = FIRST_PAUSE;
        while (running) {
            try (ImapConnection c = ImapConnection.open(settings, password, outbound, commands)) {
                if (!c.hasCapability("IDLE")) {
                    LOG.info("IMAP server {} has no IDLE; folder {} is only read at the regular pull", settings.host(), folder);
                    return;
                }
                c.select(folder);
                // Every untagged response passes the handlers, also those the server sends between two
                // IDLEs (read while the next IDLE starts), so none is missed.
                c.protocol().addResponseHandler(r -> {
                    if (r instanceof IMAPResponse ir && ir.isUnTagged()
                            && (ir.keyEquals("EXISTS") || ir.keyEquals("FETCH") || ir.keyEquals("EXPUNGE"))) {
                        changed();
                    }
                });
                pause = FIRST_PAUSE;
                current = c.protocol();
                while (running) idleOnce(c.protocol());
            } catch (PeerException.AuthExpired | PeerException.Configuration e) {
                LOG.warn("watching IMAP folder {} on {} failed: {}", folder, settings.host(), e.getMessage());
                pause = LONGEST_PAUSE;
            } catch (RuntimeException e) {
                if (running) LOG.info("watching IMAP folder {} on {}: {}; connecting again", folder, settings.host(), e.toString());
            }
            current = null;
            if (!running) return;
            try {
                Thread.sleep(pause);
            } catch (InterruptedException stop) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** One IDLE, until the renewal ends it with DONE (or the connection drops: thrown). */
    private void idleOnce(IMAPProtocol p) {
        try {
            p.idleStart();
        } catch (ProtocolException e) {
            throw new PeerException.Transient("IDLE refused: " + e.getMessage(), null, e);
        }
        idles.incrementAndGet();
        idling.set(true);
        ScheduledFuture<?> renewal = RENEWALS.schedule(() -> {
            if (idling.compareAndSet(true, false)) p.idleAbort();
        }, renew.toMillis(), TimeUnit.MILLISECONDS);
        try {
            for (Response r = p.readIdleResponse(); r != null; r = p.readIdleResponse()) {
                if (r.isSynthetic()) {
                    throw new PeerException.Transient("connection lost during IDLE", null, r.getException());
                }
                if (!p.processIdleResponse(r)) return; // tells the response handler, then: IDLE ended?
            }
        } catch (ProtocolException e) {
            throw new PeerException.Transient("IDLE ended: " + e.getMessage(), null, e);
        } finally {
            renewal.cancel(false);
            idling.set(false);
        }
    }

    private void changed() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.warn("IMAP folder {} on {} changed, but asking for a run failed: {}", folder, settings.host(), e.toString());
        }
    }

    /**
     * Stops watching and closes the connection; returns when the watching thread has ended. In IDLE it
     * ends politely (DONE, then LOGOUT), so the server lets go of the session at once; a server that
     * does not answer within 2 seconds, and a watch waiting to connect again, are stopped by interrupt.
     */
    @Override
    public void close() {
        running = false;
        IMAPProtocol p = current;
        if (p != null && idling.compareAndSet(true, false)) p.idleAbort();
        try {
            if (p == null || !thread.join(Duration.ofSeconds(2))) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
