package org.koppel.web.ui;

import org.koppel.crm.NotFoundException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.security.KoppelUser;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.RunReport;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

/** What one run did: totals per data type and every item with its outcome and reason. */
@Controller
class RunReportController {

    private final Connections connections;
    private final SyncRunStore runs;
    private final SyncViews views;

    RunReportController(Connections connections, SyncRunStore runs, SyncViews views) {
        this.connections = connections;
        this.runs = runs;
        this.views = views;
    }

    @GetMapping("/connections/{id}/runs/{runId}")
    ModelAndView show(@PathVariable long id, @PathVariable long runId, @AuthenticationPrincipal KoppelUser user) {
        Connection connection = connections.find(id, user);
        // the run must be this connection's: its id in the address alone must not open another's report
        RunReport report = runs.find(runId).filter(r -> r.connectionId() == id)
                .orElseThrow(() -> new NotFoundException("run", runId));
        var page = new ModelAndView("connections/run");
        page.addObject("connection", connection);
        page.addObject("view", views.report(report, connection.type(), Integer.MAX_VALUE));
        return page;
    }
}
