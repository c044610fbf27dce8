package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.koppel.connector.PeerException;
import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.SourceMappings;
import org.koppel.runtime.SourceMappings.TypeMapping;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.sync.RunReport;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Activating a practice-management (source) system, as the product document's "Stap voor stap": (1) office
 * number and API key, (2) the source's relation types mapped to Koppel's (one left empty is not synced),
 * (3) Synchronise, which starts the initial sync and shows its report. The mapping page stays reachable from the
 * connection's page to change the mapping later. Admins only (SecurityConfig and SourceMappings both say so).
 * The API key is never put into a page, not even back into a form that failed.
 */
@Controller
@RequestMapping("/integrations/source")
class SourceActivationController {

    /** The inputs of step 1; the connector reports the settings as settings.url and settings.office. */
    static final Set<String> INPUTS = Set.of("name", "url", "office", "secret");

    private final SourceMappings sources;
    private final Relations relations;
    private final SyncRunner runner;

    private final EmployeeDirectory employees;

    private final UiText text;

    SourceActivationController(SourceMappings sources, Relations relations, SyncRunner runner, EmployeeDirectory employees,
                               UiText text) {
        this.text = text;
        this.employees = employees;
        this.sources = sources;
        this.relations = relations;
        this.runner = runner;
    }

    @GetMapping("/new")
    ModelAndView form() {
        return activationPage(null, null, null, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView activate(@RequestParam(required = false) String name, @RequestParam(required = false) String url,
                          @RequestParam(required = false) String office, @RequestParam(required = false) String secret,
                          @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            Connection created = sources.activate(name, url, office, secret, user);
            redirect.addFlashAttribute("notice", text.of("sync.source.accepted"));
            return new ModelAndView("redirect:/integrations/source/" + created.id() + "/mapping");
        } catch (InvalidInputException e) {
            return activationPage(name, url, office, FormProblems.of(e.problems().stream().map(p -> p.at(
                    p.field().startsWith("settings.") ? p.field().substring(9) : p.field())).toList(), INPUTS),
                    HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (PeerException e) {
            return activationPage(name, url, office, FormProblems.general(text.of("sync.form.notChecked",
                    text.of(FailureReason.fromText(e.getMessage(), FailureReason.Kind.SERVER_TROUBLE).key()))),
                    HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    private ModelAndView activationPage(String name, String url, String office, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("integrations/source-new", status);
        page.addObject("name", name == null ? text.of("sync.source.defaultName") : name);
        page.addObject("url", url);
        page.addObject("office", office);
        page.addObject("problems", problems);
        return page;
    }

    @GetMapping("/{id}/mapping")
    ModelAndView mapping(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        var mapping = sources.mapping(id, user);
        Connection c = sources.connection(id, user);
        Long manager = SourceMappings.manager(c);
        return mappingPage(c, mapping.types(), mapping.archived().name(), manager == null ? "" : manager.toString(),
                mapping.sourceProblem(), FormProblems.none(), HttpStatus.OK);
    }

    /**
     * Saves the mapping; {@code action=synchronise} also starts the sync (the first one ends the wait of a new
     * connection) and lands on the run's report, as Sync now does without JavaScript.
     */
    @PostMapping("/{id}/mapping")
    ModelAndView save(@PathVariable long id, @RequestParam Map<String, String> form,
                      @RequestParam(required = false) String archived, @RequestParam(required = false) String manager,
                      @RequestParam(required = false) String action,
                      @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        var koppelTypes = new LinkedHashMap<String, String>();
        form.forEach((key, value) -> {
            if (key.startsWith(SourceMappings.RELATION_TYPE) && key.length() > SourceMappings.RELATION_TYPE.length()) {
                koppelTypes.put(key.substring(SourceMappings.RELATION_TYPE.length()), value);
            }
        });
        boolean synchronise = "synchronise".equals(action);
        Connection saved;
        try {
            saved = sources.save(id, koppelTypes, archived, manager, synchronise, user);
        } catch (InvalidInputException e) {
            // the types as the source has them, with what the admin typed
            var mapping = sources.mapping(id, user);
            List<TypeMapping> typed = new ArrayList<>();
            for (TypeMapping t : mapping.types()) {
                typed.add(new TypeMapping(t.id(), t.name(), koppelTypes.getOrDefault(t.id(), t.koppelType())));
            }
            var inputs = new TreeSet<>(Set.of("relationType", SourceMappings.ARCHIVED, SourceMappings.MANAGER));
            typed.forEach(t -> inputs.add(SourceMappings.RELATION_TYPE + t.id()));
            return mappingPage(sources.connection(id, user), typed, archived, manager == null ? "" : manager,
                    mapping.sourceProblem(), FormProblems.of(e.problems(), inputs), HttpStatus.UNPROCESSABLE_CONTENT);
        }
        if (!synchronise) {
            redirect.addFlashAttribute("notice", text.of("sync.source.mapped"));
            return new ModelAndView("redirect:/integrations/source/" + id + "/mapping");
        }
        Connection started = sources.startIfWaiting(id, user);
        if (started.status() == Connection.Status.PAUSED) {
            redirect.addFlashAttribute("problem", text.of("sync.source.savedBut", text.of(ConnectionController.PAUSED)));
            return new ModelAndView("redirect:/connections/" + id);
        }
        try {
            RunReport report = runner.run(saved.id(), "sync-now");
            return new ModelAndView("redirect:/connections/" + id + "/runs/" + report.id());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", text.of("sync.source.savedBut", text.of(ConnectionController.RUN_UNDER_WAY)));
            return new ModelAndView("redirect:/connections/" + id);
        }
    }

    private ModelAndView mappingPage(Connection connection, List<TypeMapping> types, String archived, String manager,
                                     String sourceProblem, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("integrations/source-mapping", status);
        page.addObject("connection", connection);
        page.addObject("types", types);
        page.addObject("archived", archived);
        page.addObject("manager", manager);
        page.addObject("ownerName", employees.names().getOrDefault(connection.ownerId(), text.of("sync.source.theOwner")));
        page.addObject("managers", employees.choices(List.of()));
        page.addObject("sourceProblem", sourceProblem);
        page.addObject("koppelTypes", relations.relationTypeNames());
        page.addObject("waiting", SourceMappings.WAITING_FOR_MAPPING.equals(connection.statusReason()));
        page.addObject("problems", problems);
        return page;
    }

}
