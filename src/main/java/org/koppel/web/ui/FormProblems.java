package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.FieldProblem;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The write path's problems arranged for a form: each next to its input, keyed by the input's
 * name ({@code ownerIds[2]} belongs to {@code ownerIds}). Problems with parts the form does not
 * show, such as an address, go to the top of the form with their full path.
 */
public record FormProblems(Map<String, List<String>> byField, List<String> general) {

    public static FormProblems none() {
        return new FormProblems(Map.of(), List.of());
    }

    public static FormProblems of(List<FieldProblem> problems, Set<String> inputs) {
        var byField = new LinkedHashMap<String, List<String>>();
        var general = new ArrayList<String>();
        for (FieldProblem problem : problems) {
            // A setting's name holds a dot ("appointments.windowDays") and is an input as it is.
            String input = inputs.contains(problem.field()) ? problem.field() : problem.field().split("[\\[.]", 2)[0];
            if (inputs.contains(input)) {
                byField.computeIfAbsent(input, k -> new ArrayList<>()).add(words(problem));
            } else {
                general.add(problem.field() + ": " + words(problem));
            }
        }
        return new FormProblems(byField, general);
    }

    /**
     * A problem's reason in the reader's language: the text of its code (shell.reason.&lt;code&gt;) where
     * it has one, else the write path's English words. Forms are built in a request, whose context holds
     * the message bundles; outside one the English words stand.
     */
    static String words(FieldProblem problem) {
        if (problem.code() == null) return problem.reason();
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request)) return problem.reason();
        var context = RequestContextUtils.findWebApplicationContext(request.getRequest());
        if (context == null) return problem.reason();
        return context.getMessage("shell.reason." + problem.code(), problem.args().toArray(), problem.reason(),
                LocaleContextHolder.getLocale());
    }

    public static FormProblems general(String message) {
        return new FormProblems(Map.of(), List.of(message));
    }

    /** The reasons to show next to one input; empty when it is fine. */
    public List<String> of(String input) {
        return byField.getOrDefault(input, List.of());
    }

    /**
     * The ids of an input's reasons as fields :: problems writes them ("end-problem-0"), for its
     * aria-describedby; null (no attribute) when it has none.
     */
    public String describedBy(String input) {
        return describedBy(input, null);
    }

    /** As {@link #describedBy(String)}, after the id of the input's hint, which is always named. */
    public String describedBy(String input, String hintId) {
        var ids = new ArrayList<String>();
        if (hintId != null) ids.add(hintId);
        for (int i = 0; i < of(input).size(); i++) ids.add(input + "-problem-" + i);
        return ids.isEmpty() ? null : String.join(" ", ids);
    }

    public boolean any() {
        return !byField.isEmpty() || !general.isEmpty();
    }
}
