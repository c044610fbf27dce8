package org.koppel.web.ui;

import java.util.Locale;

import org.koppel.connector.google.GoogleAccounts;
import org.koppel.connector.graph.GraphPeers;
import org.koppel.microsoft.MicrosoftSignIns;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SourceMappings;
import org.koppel.sync.RunReport;

/**
 * Why a connection or a run is not fine, as pages say it: a {@link Kind} whose message keys
 * ({@code sync.problem.<kind>} what happened, {@code sync.problem.<kind>.todo} what to do) hold the
 * sentence in the reader's language, and the technical text the runner stored, which only admins see,
 * folded away. Connectors and the runner keep writing their exact English for logs and the API; the
 * pages read the error kind (rule 12) and a few well-known causes out of it.
 */
public record FailureReason(Kind kind, String detail, String type) {

    FailureReason(Kind kind, String detail) {
        this(kind, detail, null);
    }

    /**
     * The message key of what happened: a sign-in problem names its provider ("Microsoft no longer
     * accepts Koppel's sign-in"), so it has a key per sign-in connection type.
     */
    public String messageKey() {
        boolean named = (kind == Kind.SIGN_IN_AGAIN || kind == Kind.PERMISSION) && signsIn(type);
        return named ? kind.key() + "." + type : kind.key();
    }

    /** What to do about it. */
    public String todoKey() {
        return kind.key() + ".todo";
    }

    public enum Kind {
        /** A CardDAV, IMAP or source account refuses the stored password or key. */
        WRONG_PASSWORD,
        /** Microsoft 365 or Google no longer accepts Koppel's sign-in. */
        SIGN_IN_AGAIN,
        /** The sign-in works but does not cover a data type (calendars added later). */
        PERMISSION,
        UNREACHABLE,
        CERTIFICATE,
        THROTTLED,
        SERVER_TROUBLE,
        /** The Microsoft or Google app an admin sets up is missing or refused. */
        APP_NOT_CONFIGURED,
        CONFIGURATION,
        MASS_CHANGE,
        OWNER_DEACTIVATED,
        PAUSED_BY_SOMEONE,
        WAITING_FOR_START,
        WAITING_FOR_MAPPING,
        INTERRUPTED,
        CANCELLED,
        LEASE_LOST,
        PUSH,
        UNEXPECTED;

        /** The message key stem: {@code sync.problem.wrongPassword}. */
        public String key() {
            String[] words = name().toLowerCase(Locale.ROOT).split("_");
            var key = new StringBuilder("sync.problem.").append(words[0]);
            for (int i = 1; i < words.length; i++) key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            return key.toString();
        }

        /** Whether a new app password (the form on the connection page) is what fixes it. */
        public boolean newPasswordHelps() {
            return this == WRONG_PASSWORD;
        }
    }

    /** Connection types whose owner signs in at the provider instead of typing a password. */
    static boolean signsIn(String type) {
        return GraphPeers.TYPE.equals(type) || GoogleAccounts.CONNECTION_TYPE.equals(type);
    }

    /**
     * Why the connection is not syncing, or null when it is active. {@code lastRun} (may be null)
     * names the failure more exactly than the connection's status reason.
     */
    static FailureReason ofConnection(Connection connection, RunReport lastRun) {
        String reason = connection.statusReason();
        return switch (connection.status()) {
            case ACTIVE -> null;
            case PAUSED -> {
                if (reason == null) yield null;
                if (reason.equals(Connections.OWNER_DEACTIVATED)) yield new FailureReason(Kind.OWNER_DEACTIVATED, reason);
                if (reason.equals(MicrosoftSignIns.WAITING_FOR_START)) yield new FailureReason(Kind.WAITING_FOR_START, reason);
                if (reason.equals(SourceMappings.WAITING_FOR_MAPPING)) yield new FailureReason(Kind.WAITING_FOR_MAPPING, reason);
                yield new FailureReason(Kind.PAUSED_BY_SOMEONE, reason);
            }
            case NEEDS_SIGN_IN -> new FailureReason(signsIn(connection.type()) ? Kind.SIGN_IN_AGAIN : Kind.WRONG_PASSWORD, reason,
                    connection.type());
            case NEEDS_CONFIRMATION -> new FailureReason(Kind.MASS_CHANGE, reason);
            case FAILING -> {
                FailureReason ofRun = lastRun == null ? null : ofRun(lastRun, connection.type());
                if (ofRun != null && ofRun.kind() != Kind.PUSH) yield new FailureReason(ofRun.kind(), reason, connection.type());
                Kind kind = fromText(reason, Kind.UNEXPECTED);
                yield new FailureReason(forType(kind, connection.type()), reason, connection.type());
            }
        };
    }

    /** Why the run did not simply succeed, or null when it did (or still runs). */
    static FailureReason ofRun(RunReport run, String connectionType) {
        if (run.errorKind() == null) return null;
        String detail = run.errorMessage();
        Kind kind = switch (run.errorKind()) {
            case "MASS_CHANGE" -> Kind.MASS_CHANGE;
            case "AUTH_EXPIRED" -> signsIn(connectionType) ? Kind.SIGN_IN_AGAIN : Kind.WRONG_PASSWORD;
            case "PERMISSION" -> Kind.PERMISSION;
            case "CONFIGURATION" -> narrowed(detail, Kind.CONFIGURATION);
            case "TRANSIENT" -> narrowed(detail, Kind.SERVER_TROUBLE);
            case "PUSH" -> Kind.PUSH;
            case "INTERRUPTED" -> Kind.INTERRUPTED;
            case "CANCELLED" -> Kind.CANCELLED;
            case "LEASE_LOST" -> Kind.LEASE_LOST;
            default -> Kind.UNEXPECTED;
        };
        return new FailureReason(kind, detail, connectionType);
    }

    /**
     * The typed kind rules (DESIGN.md 12): the message's words only name its cause more exactly
     * (certificate, unreachable, throttled, app not set up), never turn it into a refused password,
     * which the peer reports as AUTH_EXPIRED ("no longer accepts" also words an expired sync token).
     */
    private static Kind narrowed(String detail, Kind typed) {
        Kind guessed = fromText(detail, typed);
        return guessed == Kind.WRONG_PASSWORD ? typed : guessed;
    }

    private static Kind forType(Kind kind, String connectionType) {
        return kind == Kind.WRONG_PASSWORD && signsIn(connectionType) ? Kind.SIGN_IN_AGAIN : kind;
    }

    /**
     * The common causes, read from the connector's message: the words below are those the DAV, IMAP,
     * Graph, Google and source clients use (and Java's TLS and network errors they pass on).
     */
    static Kind fromText(String text, Kind otherwise) {
        if (text == null) return otherwise;
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("app is not set up") || t.contains("does not accept koppel's app") || t.contains("invalid_client")
                || t.contains("unauthorized_client")) return Kind.APP_NOT_CONFIGURED;
        if (t.contains("certificate") || t.contains("pkix") || t.contains("sslhandshake") || t.contains("tls with")
                || t.contains("handshake")) return Kind.CERTIFICATE;
        if (t.contains("429") || t.contains("throttl") || t.contains("too many requests") || t.contains("quota")
                || t.contains("asked koppel to wait") || t.contains("rate limit") || t.contains("retry after")) return Kind.THROTTLED;
        if (t.contains("could not be reached") || t.contains("cannot be resolved") || t.contains("unknownhost")
                || t.contains("timed out") || t.contains("timeout") || t.contains("connection refused")
                || t.contains("connectexception") || t.contains("unreachable") || t.contains("no route to host")
                || t.contains("dropped the connection") || t.contains("connection lost")) return Kind.UNREACHABLE;
        if (t.contains("refused the credentials") || t.contains("refused the sign-in") || t.contains("no longer accepts")
                || t.contains("refused the office number or api key")) return Kind.WRONG_PASSWORD;
        return otherwise;
    }
}
