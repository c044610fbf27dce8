package org.koppel.web.ui;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.koppel.connector.google.GoogleAccounts;
import org.koppel.connector.graph.GraphPeers;
import org.koppel.connector.source.SourcePeers;
import org.koppel.crm.Checks;
import org.koppel.google.GoogleSignIns;
import org.koppel.microsoft.MicrosoftSignIns;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The integrations page (the product documents' "marketplace"): every connector Koppel has, by provider
 * where the steps differ (iCloud and Nextcloud are both CardDAV, but each makes its app password elsewhere),
 * with its state for this employee, the steps to set it up, and the way to add one. Adding happens where it
 * always did (the connections page), except for the source system, which an admin activates step by step.
 * Texts are message keys {@code sync.integration.<id>.*}: name, does, and steps 1..{@code steps}.
 */
@Controller
class IntegrationsController {

    /** How a connector stands for the employee looking, worst first where several connections differ. */
    public enum State { APP_NOT_CONFIGURED, NEEDS_SIGN_IN, WRONG_PASSWORD, FAILING, NEEDS_CONFIRMATION, PAUSED, CONNECTED, NOT_SET_UP, ADMIN_ONLY }

    /**
     * One connector. {@code counts}: the connections of this kind the employee sees (an admin: all), by status;
     * {@code state}: from the employee's own ones (the source system: the organisation's); {@code addHref} null
     * when this employee cannot add one, {@code whyKey} then says who can; {@code mine}: the employee's own
     * connections of this kind, for a link to each.
     */
    public record Card(String id, int steps, String addKey, String addHref, String whyKey, State state,
                       int total, Map<Connection.Status, Integer> counts, List<Connection> mine) {
    }

    private final Connections connections;
    private final MicrosoftSignIns microsoft;
    private final GoogleSignIns google;

    IntegrationsController(Connections connections, MicrosoftSignIns microsoft, GoogleSignIns google) {
        this.google = google;
        this.connections = connections;
        this.microsoft = microsoft;
    }

    @GetMapping("/integrations")
    ModelAndView page(@AuthenticationPrincipal KoppelUser user) {
        List<Connection> visible = connections.visibleTo(user);
        Predicate<Connection> dav = c -> c.type().equals(ConnectionForm.DEFAULT_TYPE);
        Predicate<Connection> icloud = dav.and(c -> host(c).endsWith("icloud.com"));
        Predicate<Connection> nextcloud = dav.and(c -> url(c).contains("/remote.php/") || host(c).contains("nextcloud"));
        Predicate<Connection> calendars = dav.and(c -> Checks.clean(c.settings().get("calendar")) != null
                || Checks.clean(c.settings().get("taskList")) != null);
        Predicate<Connection> graph = c -> c.type().equals(GraphPeers.TYPE);
        Predicate<Connection> googleAccounts = c -> c.type().equals(GoogleAccounts.CONNECTION_TYPE);
        Predicate<Connection> imap = c -> c.type().equals(ConnectionForm.IMAP);
        Predicate<Connection> source = c -> c.type().equals(SourcePeers.TYPE);
        String addDav = "/connections?type=carddav#new-connection";
        var cards = List.of(
                card("icloud", 4, "sync.integration.add", addDav, null, user, visible, icloud, false),
                card("nextcloud", 4, "sync.integration.add", addDav, null, user, visible, nextcloud, false),
                card("carddav", 3, "sync.integration.add", addDav, null, user, visible, dav.and(icloud.negate()).and(nextcloud.negate()), false),
                card("caldav", 3, "sync.integration.add", addDav, null, user, visible, calendars, false),
                card("microsoft365", 3, "sync.integration.connect", microsoft.available() ? "/connections#connect-microsoft" : null,
                        "sync.integration.microsoft365.why", user, visible, graph, !microsoft.available()),
                card("microsoftMail", 3, "sync.integration.connect", microsoft.available() ? "/connections#connect-microsoft" : null,
                        "sync.integration.microsoft365.why", user, visible, graph, !microsoft.available()),
                card("google", 3, "sync.integration.connect", google.available() ? "/connections#connect-google" : null,
                        "sync.integration.google.why", user, visible, googleAccounts, !google.available()),
                card("imap", 3, "sync.integration.add", "/connections?type=imap#new-connection", null, user, visible, imap, false),
                card("source", 3, "sync.integration.activate", user.admin() ? "/integrations/source/new" : null,
                        "sync.integration.source.why", user, visible, source, false));
        var page = new ModelAndView("integrations/list");
        page.addObject("cards", cards);
        return page;
    }

    static Card card(String id, int steps, String addKey, String addHref, String whyKey, KoppelUser user,
                             List<Connection> visible, Predicate<Connection> of, boolean appMissing) {
        var counts = new EnumMap<Connection.Status, Integer>(Connection.Status.class);
        visible.stream().filter(of).forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        List<Connection> mine = visible.stream().filter(of).filter(c -> c.ownerId() == user.employeeId()).toList();
        // The source system serves the whole organisation: its state is the organisation's, whoever owns it.
        boolean organisation = id.equals("source");
        List<Connection> counted = organisation ? visible.stream().filter(of).toList() : mine;
        State state = appMissing && counted.isEmpty() ? State.APP_NOT_CONFIGURED
                : counted.isEmpty() ? (addHref == null && organisation ? State.ADMIN_ONLY : State.NOT_SET_UP)
                : counted.stream().map(IntegrationsController::state).min(Enum::compareTo).orElseThrow();
        return new Card(id, steps, addKey, addHref, addHref == null ? whyKey : null, state,
                counts.values().stream().mapToInt(Integer::intValue).sum(), counts, mine);
    }

    private static State state(Connection c) {
        return switch (c.status()) {
            case ACTIVE -> State.CONNECTED;
            case PAUSED -> State.PAUSED;
            case NEEDS_CONFIRMATION -> State.NEEDS_CONFIRMATION;
            case FAILING -> State.FAILING;
            case NEEDS_SIGN_IN -> FailureReason.signsIn(c.type()) ? State.NEEDS_SIGN_IN : State.WRONG_PASSWORD;
        };
    }

    private static String url(Connection c) {
        String url = c.settings().get("url");
        return url == null ? "" : url.toLowerCase(Locale.ROOT);
    }

    /** The host of the connection's server; "" when it has none that reads as one. */
    private static String host(Connection c) {
        String url = url(c);
        if (url.isEmpty()) return "";
        try {
            String host = URI.create(url.contains("://") ? url : "https://" + url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
