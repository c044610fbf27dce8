package org.koppel.web.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.ConflictException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.ImportQueue;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.sync.RunReport;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One connection: its settings, status and recent runs, and what its owner (or an admin) can do
 * with it. Every action also works without JavaScript; htmx only keeps Sync now on the page.
 */
@Controller
@RequestMapping("/connections/{id}")
class ConnectionController {

    static final String RUN_UNDER_WAY = "sync.connection.runUnderWay";
    static final String PAUSED = "sync.connection.pausedRefused";
    /** How many of the contacts a safety stop held are named on the page; the rest are counted. */
    static final int HELD_NAMES_SHOWN = 25;

    private final Connections connections;
    private final SyncRunner runner;
    private final SyncViews views;
    private final ImportQueue importQueue;

    private final org.koppel.store.ContactReviewStore reviews;
    private final org.koppel.store.SyncRunStore runStore;

    private final org.koppel.runtime.SyncSettings settings;
    private final Dates dates;
    private final UiText text;

    ConnectionController(Connections connections, SyncRunner runner, SyncViews views, ImportQueue importQueue,
                         org.koppel.store.ContactReviewStore reviews, org.koppel.store.SyncRunStore runStore,
                         org.koppel.runtime.SyncSettings settings, Dates dates, UiText text) {
        this.dates = dates;
        this.text = text;
        this.settings = settings;
        this.reviews = reviews;
        this.runStore = runStore;
        this.connections = connections;
        this.importQueue = importQueue;
        this.runner = runner;
        this.views = views;
    }

    @GetMapping
    ModelAndView show(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return detail(connections.find(id, user), user, FormProblems.none(), HttpStatus.OK);
    }

    private ModelAndView detail(Connection connection, KoppelUser user, FormProblems passwordProblems, HttpStatus status) {
        long id = connection.id();
        var page = new ModelAndView("connections/detail", status);
        page.addObject("connection", connection);
        page.addObject("ownerName", views.ownerName(connection));
        page.addObject("createdAt", dates.moment(connection.createdAt()));
        page.addObject("settings", views.shownSettings(connection));
        page.addObject("technicalSettings", SyncViews.technicalSettings(connection));
        addStatus(page, connection);
        page.addObject("passwordProblems", passwordProblems);
        page.addObject("runs", views.recentRuns(id));
        page.addObject("conflictCount", connections.conflicts(id, user).size());
        page.addObject("reviewCount", reviews.openCount(id));
        page.addObject("progress", progressView(connection));
        page.addObject("waitingCount", importQueue.of(id, user).stream().filter(e -> e.status().equals("WAITING")).count());
        addCreation(page, connection);
        return page;
    }

    /** What the status panel shows besides the connection: why it is not syncing, and what a safety stop held. */
    private void addStatus(ModelAndView page, Connection connection) {
        page.addObject("reason", views.reason(connection));
        page.addObject("usesPassword", !FailureReason.signsIn(connection.type()));
        page.addObject("held", connection.status() == Connection.Status.NEEDS_CONFIRMATION
                ? views.heldBySafetyStop(connection.id(), HELD_NAMES_SHOWN) : null);
    }

    private static final String CREATION = "contacts.creation";

    /** The connection's own creation policy (null: inherited), the inherited one, and the one in force. */
    private void addCreation(ModelAndView page, Connection connection) {
        var inherited = new java.util.HashMap<>(connection.settings());
        inherited.remove(CREATION);
        page.addObject("ownCreation", connection.settings().get(CREATION));
        page.addObject("inheritedCreation", settings.policyFor(connection.ownerId(), org.koppel.sync.DataType.CONTACTS,
                inherited).creation());
        page.addObject("creation", settings.policyFor(connection.ownerId(), org.koppel.sync.DataType.CONTACTS,
                connection.settings()).creation());
        page.addObject("creations", org.koppel.sync.SyncPolicy.Creation.values());
    }

    /**
     * What happens to contacts made in this address book (rule 6), for this connection alone; empty
     * goes back to what the organisation, group and employee settings say. For its owner or an admin.
     */
    @PostMapping("/creation")
    String creation(@PathVariable long id, @org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String creation,
                    @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            connections.updateSettings(id, java.util.Map.of(CREATION, creation), user);
            redirect.addFlashAttribute("notice", text.of(creation.isBlank() ? "sync.connection.creation.inherited"
                    : "sync.connection.creation.own"));
        } catch (org.koppel.crm.InvalidInputException e) {
            redirect.addFlashAttribute("problem", e.problems().getFirst().reason());
        }
        return "redirect:/connections/" + id;
    }

    /**
     * How far the run under way is; polled by the page every 2 s while a run is under way or asked
     * for (a new connection's initial sync), so a long first sync shows it moves.
     */
    @GetMapping("/progress")
    ModelAndView progress(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        var fragment = new ModelAndView("connections/detail :: progress");
        Connection connection = connections.find(id, user);
        fragment.addObject("connection", connection);
        fragment.addObject("progress", progressView(connection));
        return fragment;
    }

    /** The progress fragment's model: the run under way, or whether one is waiting to start. */
    public record ProgressView(boolean running, boolean waiting, int done, int total, String since) {
        public int percent() {
            return total == 0 ? 0 : Math.min(100, done * 100 / total);
        }
    }

    private ProgressView progressView(Connection connection) {
        var running = runStore.running(connection.id(), java.time.Instant.now());
        if (running.isPresent()) {
            var p = running.get();
            return new ProgressView(true, false, p.done(), p.total(), dates.moment(p.startedAt()));
        }
        // A new active connection's first run is due within seconds; a paused one waits for its owner.
        boolean firstRunDue = connection.status() == Connection.Status.ACTIVE && runStore.recent(connection.id(), 1).isEmpty();
        return new ProgressView(false, firstRunDue, 0, 0, null);
    }

    /**
     * Runs at once and answers with the report: for htmx the report fragment (with the status and
     * the runs table refreshed out of band), otherwise the run's own page.
     */
    @PostMapping("/sync")
    ModelAndView syncNow(@PathVariable long id, @AuthenticationPrincipal KoppelUser user,
                         @RequestHeader(value = "HX-Request", required = false) String htmx, RedirectAttributes redirect) {
        Connection connection = connections.find(id, user);
        // The runner would run a paused connection and then mark it active: pausing must hold until Resume.
        if (connection.status() == Connection.Status.PAUSED) return refused(id, htmx, PAUSED, redirect);
        RunReport report;
        try {
            report = runner.run(id, "sync-now");
        } catch (ConflictException e) {
            return refused(id, htmx, RUN_UNDER_WAY, redirect);
        }
        if (htmx == null) return new ModelAndView("redirect:/connections/" + id + "/runs/" + report.id());
        var fragment = new ModelAndView("connections/synced :: synced");
        Connection after = connections.find(id, user);
        fragment.addObject("connection", after);
        addStatus(fragment, after);
        fragment.addObject("view", views.report(report, connection.type(), SyncViews.ITEMS_AFTER_SYNC));
        fragment.addObject("runs", views.recentRuns(id));
        return fragment;
    }

    @PostMapping("/pause")
    String pause(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        connections.pause(id, user);
        redirect.addFlashAttribute("notice", text.of("sync.connection.pausedNotice"));
        return "redirect:/connections/" + id;
    }

    @PostMapping("/resume")
    String resume(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        connections.resume(id, user);
        redirect.addFlashAttribute("notice", text.of("sync.connection.resumedNotice"));
        return "redirect:/connections/" + id;
    }

    @PostMapping("/confirm")
    String confirm(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        connections.confirmMassChange(id, user);
        redirect.addFlashAttribute("notice", text.of("sync.connection.confirmedNotice"));
        return "redirect:/connections/" + id;
    }

    @PostMapping("/delete")
    String delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        redirect.addFlashAttribute("notice", deleted(id, user));
        return "redirect:/connections";
    }

    /**
     * The Delete button asks with hx-confirm and posts through htmx. htmx would follow a redirect
     * inside its own request, so it gets HX-Redirect and the browser goes to the list itself.
     */
    @PostMapping(path = "/delete", headers = "HX-Request")
    ResponseEntity<Void> deleteFromHtmx(@PathVariable long id, @AuthenticationPrincipal KoppelUser user,
                                        HttpServletRequest request, HttpServletResponse response) {
        String notice = deleted(id, user);
        RequestContextUtils.getOutputFlashMap(request).put("notice", notice);
        RequestContextUtils.saveOutputFlashMap("/connections", request, response);
        return ResponseEntity.noContent().header("HX-Redirect", request.getContextPath() + "/connections").build();
    }

    private String deleted(long id, KoppelUser user) {
        String name = connections.find(id, user).name();
        connections.delete(id, user);
        return text.of("sync.connection.deletedNotice", name);
    }

    /**
     * A new app password (or API key) for a connection whose account refused the old one: checked
     * against the peer like a new connection, stored encrypted in place of the old one, never shown back.
     * When the peer accepts it the connection is active again and runs at once (Connections.updateAccess).
     * Microsoft 365 and Google have no password here: their owner signs in again.
     */
    @PostMapping("/password")
    ModelAndView newPassword(@PathVariable long id, @org.springframework.web.bind.annotation.RequestParam(defaultValue = "") String secret,
                             @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Connection connection = connections.find(id, user);
        if (FailureReason.signsIn(connection.type())) throw new org.koppel.crm.NotFoundException("connection password", id);
        String problem;
        try {
            if (secret.isBlank()) {
                problem = text.of("sync.password.required");
            } else {
                connections.updateAccess(id, java.util.Map.of(), secret, user);
                redirect.addFlashAttribute("notice", text.of("sync.password.saved"));
                return new ModelAndView("redirect:/connections/" + id);
            }
        } catch (org.koppel.crm.InvalidInputException e) {
            // The connector names the field: the password, or the server it could not find any more.
            problem = e.problems().stream().anyMatch(p -> p.field().equals("secret")) ? text.of("sync.password.refused")
                    : text.of("sync.password.notChecked", text.of(FailureReason.fromText(
                    e.problems().getFirst().reason(), FailureReason.Kind.CONFIGURATION).key()));
        } catch (org.koppel.connector.PeerException e) {
            problem = text.of("sync.password.notChecked", text.of(FailureReason.fromText(e.getMessage(),
                    FailureReason.Kind.SERVER_TROUBLE).key()));
        } catch (ConflictException e) {
            problem = text.of("sync.password.ownerDeactivated");
        }
        return detail(connections.find(id, user), user, new FormProblems(java.util.Map.of("secret", java.util.List.of(problem)),
                java.util.List.of()), HttpStatus.UNPROCESSABLE_CONTENT);
    }


    private ModelAndView refused(long id, String htmx, String message, RedirectAttributes redirect) {
        if (htmx == null) {
            redirect.addFlashAttribute("problem", text.of(message));
            return new ModelAndView("redirect:/connections/" + id);
        }
        var fragment = new ModelAndView("connections/detail :: syncRefused", HttpStatus.CONFLICT);
        fragment.addObject("message", text.of(message));
        return fragment;
    }
}
