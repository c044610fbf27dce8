package org.koppel.connector.imap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailPeer;
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.MailboxWatching;
import org.koppel.runtime.PeerFactory;
import org.koppel.security.OutboundPolicy;
import org.koppel.sync.DataType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import jakarta.mail.Flags;
import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code imap}: one IMAP mailbox whose marked mails are logged in the CRM (e-mail
 * only; no contacts, appointments or tasks). Settings: see {@link ImapSettings}; the secret is the
 * (app) password. Setup signs in once, finds the sent-mail folder when no folders are given, checks
 * that every folder exists and takes keywords, and stores the settings completed (port, security,
 * folders spelled out).
 */
@Component
public class ImapPeerFactory implements PeerFactory, MailboxWatching {

    static final String TYPE = "imap";

    private final ObjectMapper json;
    private final OutboundPolicy outbound;
    private final Duration idleRenewal;

    public ImapPeerFactory(ObjectMapper json, OutboundPolicy outbound,
                           @Value("${koppel.mail.idle.renewal:PT10M}") Duration idleRenewal) {
        this.json = json;
        this.outbound = outbound;
        this.idleRenewal = idleRenewal;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<DataType> dataTypes(Connection connection) {
        return EnumSet.of(DataType.EMAIL);
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        throw new PeerException.Configuration("an IMAP connection holds e-mail only, no " + type.name().toLowerCase(), null);
    }

    @Override
    public MailPeer openMailbox(Connection connection, String secret) {
        return new ImapMailPeer(ImapSettings.of(connection.settings()), secret, outbound, json);
    }

    /** One IDLE connection per folder of the connection (the folders as set up). */
    @Override
    public Watch watch(Connection connection, String secret, Runnable onChange) {
        ImapSettings settings = ImapSettings.of(connection.settings());
        List<String> folders = settings.folders().isEmpty() ? List.of(ImapMailPeer.INBOX) : settings.folders();
        var idles = new ArrayList<ImapIdle>();
        for (String folder : folders) idles.add(new ImapIdle(settings, secret, outbound, folder, onChange, idleRenewal));
        return new Watch() {
            @Override
            public int connections() {
                return idles.size();
            }

            @Override
            public void close() {
                idles.forEach(ImapIdle::close);
            }
        };
    }

    @Override
    public Map<String, String> setUp(Map<String, String> settings, String secret) {
        ImapSettings imap = checked(settings, secret);
        try (var c = ImapConnection.open(imap, secret, outbound, new AtomicLong())) {
            List<String> folders = imap.folders().isEmpty() ? ImapMailPeer.defaultFolders(c) : imap.folders();
            var problems = new Checks();
            for (String folder : folders) {
                try {
                    MailboxInfo info = c.select(folder);
                    Flags permanent = info.permanentFlags;
                    if (permanent != null && !permanent.contains(Flags.Flag.USER)) {
                        problems.problem("settings.folders", "the server does not let Koppel add its own marks"
                                + " (IMAP keywords) to mails in '" + folder + "' (its PERMANENTFLAGS lack \\*);"
                                + " this mailbox cannot be used for e-mail logging");
                    }
                } catch (PeerException.Configuration missing) {
                    problems.problem("settings.folders", "no folder '" + folder + "' in the mailbox (found: "
                            + String.join(", ", names(c)) + ")");
                }
            }
            problems.throwIfAny();
            var completed = new HashMap<>(settings);
            completed.put(ImapSettings.HOST, imap.host());
            completed.put(ImapSettings.PORT, Integer.toString(imap.port()));
            completed.put(ImapSettings.SECURITY, imap.security().name());
            completed.put(ImapSettings.USERNAME, imap.username());
            completed.put(ImapSettings.FOLDERS, String.join(",", folders));
            return completed;
        } catch (PeerException.AuthExpired refused) {
            throw new InvalidInputException("secret", "the IMAP server does not accept this user name and password");
        } catch (PeerException.Configuration e) {
            throw new InvalidInputException(e.getMessage().startsWith("security NONE") ? "settings.security"
                    : "settings.host", e.getMessage());
        } catch (PeerException e) {
            throw new InvalidInputException("settings.host", e.getMessage());
        }
    }

    /** The settings' problems, all at once, before any connection. */
    private static ImapSettings checked(Map<String, String> settings, String secret) {
        var checks = new Checks();
        checks.required("settings.host", Checks.clean(settings.get(ImapSettings.HOST)))
                .required("settings.username", Checks.clean(settings.get(ImapSettings.USERNAME)))
                .required("secret", Checks.clean(secret));
        for (String key : List.of(ImapSettings.SECURITY, ImapSettings.PORT, ImapSettings.MAX_MAIL_BYTES,
                ImapSettings.CONNECT_TIMEOUT, ImapSettings.READ_TIMEOUT)) {
            try {
                var only = new HashMap<String, String>();
                only.put(ImapSettings.HOST, "h");
                only.put(ImapSettings.USERNAME, "u");
                only.put(key, settings.get(key));
                ImapSettings.of(only);
            } catch (PeerException.Configuration e) {
                checks.problem("settings." + key, e.getMessage());
            }
        }
        checks.throwIfAny();
        return ImapSettings.of(settings);
    }

    private static List<String> names(ImapConnection c) {
        return java.util.Arrays.stream(c.list("*")).map((ListInfo l) -> l.name).sorted().toList();
    }
}
