package org.koppel.web.ui;

import java.util.List;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.StaleVersionException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.security.KoppelUser;
import org.koppel.sync.SyncConflict;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A connection's conflict log: every field changed on both sides, who won, and the value that
 * lost. Admins can put a losing value back (the security chain also keeps others out).
 */
@Controller
@RequestMapping("/connections/{id}/conflicts")
class ConflictLogController {

    private final Connections connections;
    private final RelationNames relationNames;

    private final Dates dates;
    private final UiText text;

    ConflictLogController(Connections connections, RelationNames relationNames, Dates dates, UiText text) {
        this.dates = dates;
        this.text = text;
        this.connections = connections;
        this.relationNames = relationNames;
    }

    @GetMapping
    ModelAndView show(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Connection connection = connections.find(id, user);
        List<SyncConflict> conflicts = connections.conflicts(id, user);
        var page = new ModelAndView("connections/conflicts");
        page.addObject("connection", connection);
        page.addObject("conflicts", conflicts.stream().map(c -> ConflictEntry.of(c, dates)).toList());
        page.addObject("relationNames", relationNames.of(conflicts.stream().map(SyncConflict::crmId).toList()));
        page.addObject("canRestore", user.admin());
        return page;
    }

    @PostMapping("/{conflictId}/restore")
    String restore(@PathVariable long id, @PathVariable long conflictId, @AuthenticationPrincipal KoppelUser user,
                   RedirectAttributes redirect) {
        if (!user.admin()) throw new AccessDeniedException("restoring a conflict needs the admin role");
        // the conflict must be this connection's, as the page it was restored from says
        SyncConflict conflict = connections.conflicts(id, user).stream().filter(c -> c.id() == conflictId).findFirst()
                .orElseThrow(() -> new NotFoundException("conflict", conflictId));
        String back = "redirect:/connections/" + id + "/conflicts";
        if (conflict.restoredAt() != null) {
            redirect.addFlashAttribute("notice", text.of("sync.conflicts.restoredBefore"));
            return back;
        }
        try {
            connections.restore(conflictId, user);
            redirect.addFlashAttribute("notice", text.of("sync.conflicts.restoredNotice", display(conflict.losingValue())));
        } catch (InvalidInputException | ConflictException | StaleVersionException | NotFoundException e) {
            // the person may have been deleted or changed meanwhile, or the value no longer fits
            redirect.addFlashAttribute("problem", text.of("sync.conflicts.notRestored", display(conflict.losingValue()),
                    e.getMessage()));
        }
        return back;
    }

    private String display(String value) {
        return value == null ? text.of("sync.conflicts.empty") : value;
    }

}
