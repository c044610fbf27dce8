package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.RecordType;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Creating and editing a task through {@link Tasks}, and completing one from a list with one click. */
@Controller
@RequestMapping("/tasks")
class TaskController {

    /** Where a plain (not htmx) completion may return to: the pages that list tasks (home, agenda, a relation), nothing else. */
    private static final Pattern BACK = Pattern.compile("/(agenda(\\?[\\w=&-]*)?|relations/\\d+)?");

    private final Tasks tasks;
    private final AgendaViews views;
    private final EmployeeDirectory employees;
    private final RecordHistory history;

    private final RelationNames names;
    private final AgendaTexts texts;

    TaskController(Tasks tasks, AgendaViews views, EmployeeDirectory employees, RecordHistory history,
                   RelationNames names, AgendaTexts texts) {
        this.texts = texts;
        this.names = names;
        this.tasks = tasks;
        this.views = views;
        this.employees = employees;
        this.history = history;
    }

    @GetMapping("/new")
    ModelAndView newTask(@RequestParam(required = false) Long relation, @AuthenticationPrincipal KoppelUser user) {
        return form(TaskForm.blank(user.employeeId(), relation), null, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView create(@ModelAttribute("form") TaskForm form, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        var unreadable = new ArrayList<FieldProblem>();
        try {
            Task created = tasks.create(form.toTask(null, unreadable), unreadable, user.origin());
            redirect.addFlashAttribute("notice", texts.msg("agenda.task.created"));
            return new ModelAndView("redirect:/tasks/" + created.id() + "/edit");
        } catch (InvalidInputException e) {
            return form(form, null, FormProblems.of(e.problems(), TaskForm.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    @GetMapping("/{id}/edit")
    ModelAndView edit(@PathVariable long id) {
        Task current = tasks.find(id);
        return form(TaskForm.of(current), current, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping("/{id}")
    ModelAndView update(@PathVariable long id, @ModelAttribute("form") TaskForm form,
                        @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Task current = tasks.find(id);
        var unreadable = new ArrayList<FieldProblem>();
        try {
            tasks.update(id, form.version(), form.toTask(current, unreadable), unreadable, user.origin());
            redirect.addFlashAttribute("notice", texts.msg("agenda.form.saved"));
            return new ModelAndView("redirect:/tasks/" + id + "/edit");
        } catch (InvalidInputException e) {
            return form(form, current, FormProblems.of(e.problems(), TaskForm.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (StaleVersionException e) {
            return form(form, current, FormProblems.general(texts.msg("agenda.task.stale")), HttpStatus.CONFLICT);
        } catch (ConflictException e) {
            return form(form, current, FormProblems.general(e.getMessage()), HttpStatus.CONFLICT);
        }
    }

    /** Soft delete with the version the page showed; the task's page then offers to restore it. */
    @PostMapping("/{id}/delete")
    ModelAndView delete(@PathVariable long id, @RequestParam Long version, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        try {
            tasks.delete(id, version, user.origin());
        } catch (StaleVersionException e) {
            Task current = tasks.find(id);
            return form(TaskForm.of(current), current, FormProblems.general(texts.msg("agenda.task.stale")), HttpStatus.CONFLICT);
        }
        redirect.addFlashAttribute("notice", texts.msg("agenda.task.deleted"));
        return new ModelAndView("redirect:/tasks/" + id + "/edit");
    }

    @PostMapping("/{id}/restore")
    ModelAndView restore(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        tasks.restore(id, user.origin());
        redirect.addFlashAttribute("notice", texts.msg("agenda.task.restored"));
        return new ModelAndView("redirect:/tasks/" + id + "/edit");
    }

    /**
     * Marks a task completed with the version the list showed, so a task changed meanwhile is not
     * overwritten (409, the row as it is now): htmx gets the task's row back, a plain form post goes back to its list.
     */
    @PostMapping("/{id}/complete")
    String complete(@PathVariable long id, @RequestParam Long version, @RequestParam(required = false) String back,
                    @AuthenticationPrincipal KoppelUser user,
                    @RequestHeader(value = "HX-Request", required = false) String htmx,
                    HttpServletResponse response, Model model) {
        Task current = tasks.find(id);
        Task done = new Task(id, version, current.subject(), current.dueDate(), TaskStatus.COMPLETED, null,
                current.priority(), current.notes(), current.responsibleId(), current.relationId(), null, null, null);
        Task shown;
        boolean stale = false;
        try {
            shown = tasks.update(id, version, done, List.of(), user.origin());
        } catch (StaleVersionException | ConflictException e) {
            // changed or deleted meanwhile: show it as it is now
            shown = tasks.find(id);
            stale = true;
            response.setStatus(HttpStatus.CONFLICT.value());
        }
        if (htmx == null) return "redirect:" + (back != null && BACK.matcher(back).matches() ? back : "/agenda");
        model.addAttribute("task", views.taskRows(List.of(shown)).getFirst());
        model.addAttribute("stale", stale);
        return "agenda/tasks :: row";
    }

    private ModelAndView form(TaskForm form, Task current, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("agenda/task-form", status);
        page.addObject("form", form);
        page.addObject("title", current == null ? texts.msg("agenda.task.new") : texts.msg("agenda.task.edit", current.subject()));
        page.addObject("task", current);
        page.addObject("changes", current == null ? List.of() : history.of(RecordType.TASK, current.id()));
        page.addObject("relationNames", names.of(current == null || current.relationId() == null ? List.of()
                : List.of(current.relationId())));
        page.addObject("problems", problems);
        page.addObject("employees", employees.choices(form.responsibleId() == null ? List.of() : List.of(form.responsibleId())));
        page.addObject("statuses", TaskStatus.values());
        page.addObject("priorities", TaskPriority.values());
        return page;
    }
}
