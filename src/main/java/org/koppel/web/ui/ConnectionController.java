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

    static final String RUN_UNDER_WAY = "A run of this connection is under way right now. Koppel runs it once more "
            + "when that one ends; its report appears under Recent runs.";
    static final String PAUSED = "This connection is paused. Resume it to sync.";

    private final Connections connections;
    private final SyncRunner runner;
    private final SyncViews views;
    private final ImportQueue importQueue;

    private final org.koppel.store.ContactReviewStore reviews;
    private final org.koppel.store.SyncRunStore runStore;

    private final org.koppel.runtime.SyncSettings settings;
    private final Dates dates;

    ConnectionController(Connections connections, SyncRunner runner, SyncViews views, ImportQueue importQueue,
                         org.koppel.store.ContactReviewStore reviews, org.koppel.store.SyncRunStore runStore,
                         org.koppel.runtime.SyncSettings settings, Dates dates) {
        this.dates = dates;
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
        Connection connection = connections.find(id, user);
        var page = new ModelAndView("connections/detail");
        page.addObject("connection", connection);
        page.addObject("ownerName", views.ownerName(connection));
        page.addObject("createdAt", dates.moment(connection.createdAt()));
        page.addObject("settings", SyncViews.visibleSettings(connection));
        page.addObject("runs", views.recentRuns(id));
        page.addObject("conflictCount", connections.conflicts(id, user).size());
        page.addObject("reviewCount", reviews.openCount(id));
        page.addObject("progress", progressView(connection));
        page.addObject("waitingCount", importQueue.of(id, user).stream().filter(e -> e.status().equals("WAITING")).count());
        addCreation(page, connection);
        return page;
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
            redirect.addFlashAttribute("notice", creation.isBlank() ? "This connection now follows the sync settings for "
                    + "contacts made in the address book." : "Saved: contacts made in the address book now follow this "
                    + "connection's own policy, from the next run on.");
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
        fragment.addObject("connection", connections.find(id, user));
        fragment.addObject("view", views.report(report, SyncViews.ITEMS_AFTER_SYNC));
        fragment.addObject("runs", views.recentRuns(id));
        return fragment;
    }

    @PostMapping("/pause")
    String pause(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        connections.pause(id, user);
        redirect.addFlashAttribute("notice", "Paused. Nothing is synced until you resume; changes made meanwhile are "
                + "synced then.");
        return "redirect:/connections/" + id;
    }

    @PostMapping("/resume")
    String resume(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        connections.resume(id, user);
        redirect.addFlashAttribute("notice", "Resumed. Koppel runs it shortly.");
        return "redirect:/connections/" + id;
    }

    @PostMapping("/confirm")
    String confirm(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        connections.confirmMassChange(id, user);
        redirect.addFlashAttribute("notice", "Confirmed. The next run may unlink or delete as many contacts as it needs "
                + "to; press Sync now to run it at once.");
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
        return "Connection '" + name + "' deleted. Koppel and the address book keep all their contacts.";
    }

    private ModelAndView refused(long id, String htmx, String message, RedirectAttributes redirect) {
        if (htmx == null) {
            redirect.addFlashAttribute("problem", message);
            return new ModelAndView("redirect:/connections/" + id);
        }
        var fragment = new ModelAndView("connections/detail :: syncRefused", HttpStatus.CONFLICT);
        fragment.addObject("message", message);
        return fragment;
    }
}
