package org.koppel.web.ui;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.koppel.connector.graph.GraphPeers;
import org.koppel.connector.source.SourcePeers;
import org.koppel.crm.Checks;
import org.koppel.connector.google.GoogleAccounts;
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
 * The integrations page (the product document's "marketplace"): every kind of connection Koppel has, what it
 * does, how many there are and how they fare, and the way to add one. Adding itself happens where it always did
 * (the connections page), except for the source system, which an admin activates step by step.
 */
@Controller
class IntegrationsController {

    /**
     * One kind of connection. {@code counts}: the connections of this kind the employee sees, by status;
     * {@code addHref} null when this employee cannot add one, {@code why} then says who can.
     */
    public record Card(String id, String name, String does, String addLabel, String addHref, String why,
                       int total, Map<Connection.Status, Integer> counts) {
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
        Predicate<Connection> calendars = dav.and(c -> Checks.clean(c.settings().get("calendar")) != null
                || Checks.clean(c.settings().get("taskList")) != null);
        var cards = List.of(
                card("carddav", "CardDAV address books (iCloud, Nextcloud, Fastmail, …)",
                        "Keeps Koppel's contacts in step with an address book, and so with your phone.",
                        "Add", "/connections?type=carddav#new-connection", null, visible, dav),
                card("caldav", "CalDAV calendars and task lists",
                        "Keeps appointments and tasks in step with a calendar of the same account (give its calendar or task list).",
                        "Add", "/connections?type=carddav#new-connection", null, visible, calendars),
                card("microsoft365", "Microsoft 365 (Outlook)",
                        "Keeps your Outlook contacts in step with Koppel, after signing in at Microsoft.",
                        "Connect", microsoft.available() ? "/connections#connect-microsoft" : null,
                        "An admin must set up the Microsoft app first.", visible, c -> c.type().equals(GraphPeers.TYPE)),
                card("google", "Google (Contacts, Calendar, Tasks)",
                        "Keeps your Google contacts in step with Koppel, after signing in at Google.",
                        "Connect", google.available() ? "/connections#connect-google" : null,
                        "An admin must set up the Google app first.", visible,
                        c -> c.type().equals(GoogleAccounts.CONNECTION_TYPE)),
                card("imap", "IMAP mailbox (e-mail logging)",
                        "Logs the mails you mark in your mailbox into Koppel, with the relations they concern.",
                        "Add", "/connections?type=imap#new-connection", null, visible, c -> c.type().equals(ConnectionForm.IMAP)),
                card("source", "Practice-management system (source system)",
                        "Imports the relations your dossier system owns, pulls its changes every few minutes and sends "
                                + "Koppel's edits of them back.",
                        "Activate", user.admin() ? "/integrations/source/new" : null,
                        "An admin activates it: it fills the whole organisation's relations.",
                        visible, c -> c.type().equals(SourcePeers.TYPE)));
        var page = new ModelAndView("integrations/list");
        page.addObject("cards", cards);
        return page;
    }

    private static Card card(String id, String name, String does, String addLabel, String addHref, String why,
                             List<Connection> visible, Predicate<Connection> of) {
        var counts = new EnumMap<Connection.Status, Integer>(Connection.Status.class);
        visible.stream().filter(of).forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        return new Card(id, name, does, addLabel, addHref, addHref == null ? why : null,
                counts.values().stream().mapToInt(Integer::intValue).sum(), counts);
    }
}
