package org.koppel.connector.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.ResyncData;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.util.MailLogger;
import org.koppel.connector.PeerException;
import org.koppel.security.OutboundPolicy;
import org.koppel.security.OutboundRefusedException;

/**
 * One signed-in IMAP connection, spoken to through Angus Mail's protocol layer (not its Store and
 * Folder, which open a connection per folder, cache messages and may CLOSE a folder, which expunges):
 * every command Koppel sends is one call here, so what it sends is exactly what is written, and
 * the peer counts them: the sign-in (LOGIN or AUTHENTICATE) as one, the CAPABILITY that Angus sends
 * when the greeting lists none (Dovecot's and GreenMail's do) not counted.
 *
 * <p>Failures become {@link PeerException}s: a refused sign-in is {@code AuthExpired} (the message names
 * the user, never the password), a refused or dropped connection, a timeout or a BYE {@code Transient},
 * a host Koppel may not reach, or a plain connection to a host that is not loopback, {@code Configuration}.
 */
final class ImapConnection implements AutoCloseable {

    private final IMAPProtocol protocol;
    private final AtomicLong commands;
    private final String host;
    private String selected;
    private MailboxInfo selectedInfo;

    private ImapConnection(IMAPProtocol protocol, AtomicLong commands, String host) {
        this.protocol = protocol;
        this.commands = commands;
        this.host = host;
    }

    /**
     * Connects (TLS as the settings say, checked against the outbound policy first) and signs in.
     *
     * @param commands counts the commands sent, shared by a peer's connections
     */
    static ImapConnection open(ImapSettings settings, String password, OutboundPolicy outbound, AtomicLong commands) {
        checkReachable(settings, outbound);
        boolean ssl = settings.security() == ImapSettings.Security.SSL;
        String name = ssl ? "imaps" : "imap";
        IMAPProtocol p;
        try {
            p = new IMAPProtocol(name, settings.host(), settings.port(), properties(name, settings), ssl,
                    new MailLogger(ImapConnection.class, "IMAP", false, null));
        } catch (IOException | ProtocolException e) {
            throw unreachable(settings, e);
        }
        var connection = new ImapConnection(p, commands, settings.host());
        try {
            if (settings.security() == ImapSettings.Security.STARTTLS) {
                if (!p.hasCapability("STARTTLS")) {
                    throw new PeerException.Configuration("the IMAP server " + settings.host()
                            + " does not offer STARTTLS; choose security SSL (port 993)", null);
                }
                commands.incrementAndGet();
                p.startTLS();
                commands.incrementAndGet();
                p.capability(); // RFC 3501 §6.2.1: what the server offered before TLS no longer counts
            }
            commands.incrementAndGet();
            if (p.hasCapability("LOGINDISABLED") && p.hasCapability("AUTH=PLAIN")) {
                p.authplain(null, settings.username(), password);
            } else {
                p.login(settings.username(), password);
            }
            return connection;
        } catch (CommandFailedException refused) {
            connection.close();
            throw new PeerException.AuthExpired("the IMAP server " + settings.host() + " refused the sign-in of "
                    + settings.username() + " (" + refused.getMessage() + ")", null);
        } catch (ProtocolException e) {
            connection.close();
            throw connection.failure("sign-in", e);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static Properties properties(String name, ImapSettings settings) {
        var props = new Properties();
        for (String prefix : new String[] {"mail.imap.", "mail.imaps."}) {
            props.setProperty(prefix + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
            props.setProperty(prefix + "timeout", Long.toString(settings.readTimeout().toMillis()));
            props.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        props.setProperty("mail.debug.auth", "false");
        return props;
    }

    /** Refuses a host the outbound policy denies, and a connection without TLS to any host but loopback. */
    private static void checkReachable(ImapSettings settings, OutboundPolicy outbound) {
        try {
            outbound.check(settings.host());
            if (settings.security() == ImapSettings.Security.NONE) {
                for (InetAddress a : InetAddress.getAllByName(settings.host())) {
                    if (!a.isLoopbackAddress()) {
                        throw new PeerException.Configuration("security NONE (no TLS) is allowed only to a loopback"
                                + " host, such as a local bridge; " + settings.host() + " is not one: choose SSL or STARTTLS",
                                null);
                    }
                }
            }
        } catch (OutboundRefusedException e) {
            throw new PeerException.Configuration(e.getMessage(), e);
        } catch (UnknownHostException e) {
            throw new PeerException.Transient("IMAP host " + settings.host() + " cannot be resolved", null, e);
        }
    }

    private static PeerException unreachable(ImapSettings settings, Exception e) {
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return new PeerException.Transient("TLS with the IMAP server " + settings.host() + ":" + settings.port()
                    + " failed (" + e.getMessage() + "); is the security setting (" + settings.security() + ") right?", null, e);
        }
        return new PeerException.Transient("the IMAP server " + settings.host() + ":" + settings.port()
                + " cannot be reached (" + e + ")", null, e);
    }

    boolean hasCapability(String capability) {
        return protocol.hasCapability(capability);
    }

    /** SELECT (read-write: marks are written; selecting never sets \Seen), unless it is selected already. */
    MailboxInfo select(String folder) {
        if (folder.equals(selected)) return selectedInfo;
        commands.incrementAndGet();
        try {
            selectedInfo = protocol.hasCapability("CONDSTORE")
                    ? protocol.select(folder, ResyncData.CONDSTORE) : protocol.select(folder);
            selected = folder;
            return selectedInfo;
        } catch (CommandFailedException e) {
            selected = null;
            throw new PeerException.Configuration("the IMAP folder '" + folder + "' does not exist on " + host
                    + " (or cannot be opened: " + e.getMessage() + ")", e);
        } catch (ProtocolException e) {
            selected = null;
            throw failure("SELECT " + folder, e);
        }
    }

    /** STATUS without selecting (RFC 3501 §6.3.10); null when the folder does not exist. */
    Status status(String folder, String... items) {
        commands.incrementAndGet();
        try {
            return protocol.status(folder, items);
        } catch (CommandFailedException e) {
            return null;
        } catch (ProtocolException e) {
            throw failure("STATUS " + folder, e);
        }
    }

    org.eclipse.angus.mail.imap.protocol.ListInfo[] list(String pattern) {
        commands.incrementAndGet();
        try {
            var found = protocol.list("", pattern);
            return found == null ? new org.eclipse.angus.mail.imap.protocol.ListInfo[0] : found;
        } catch (ProtocolException e) {
            throw failure("LIST", e);
        }
    }

    /**
     * One command in the selected folder; its untagged responses (the tagged one checked: NO and BAD
     * are failures).
     */
    Response[] command(String command) {
        commands.incrementAndGet();
        Response[] responses = protocol.command(command, null);
        try {
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
        } catch (ProtocolException e) {
            String[] words = command.split(" ", 3);
            throw failure(words.length > 1 && words[0].equals("UID") ? "UID " + words[1] : words[0], e);
        }
        return responses;
    }

    IMAPProtocol protocol() {
        return protocol;
    }

    PeerException failure(String what, ProtocolException e) {
        if (e instanceof ConnectionException || e.getCause() instanceof IOException) {
            return new PeerException.Transient("the IMAP server " + host + " dropped the connection during " + what
                    + " (" + e.getMessage() + ")", null, e);
        }
        return new PeerException.Transient("the IMAP server " + host + " refused " + what + ": " + e.getMessage(), null, e);
    }

    @Override
    public void close() {
        try {
            commands.incrementAndGet();
            protocol.logout();
        } catch (ProtocolException | RuntimeException e) {
            // gone already; nothing to let go of
        } finally {
            protocol.disconnect();
        }
    }
}
