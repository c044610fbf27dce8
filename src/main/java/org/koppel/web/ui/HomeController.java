package org.koppel.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.koppel.crm.agenda.Viewer;
import org.koppel.security.KoppelUser;
import org.koppel.store.AttentionStore;
import org.koppel.store.AttentionStore.ConnectionAttention;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page, where sign-in lands: what needs the employee's attention (an admin's: the whole
 * organisation's), then their agenda for today and the coming days and their open tasks, overdue
 * and due first. One grouped query for the attention part, the agenda services for the rest.
 */
@Controller
class HomeController {

    /** Conflicts older than this are history, not news: the conflict log keeps them all. */
    static final Duration RECENT_CONFLICTS = Duration.ofDays(7);
    /** Open tasks the home page lists; the agenda page has them all. */
    static final int TASKS_SHOWN = 8;

    /** One kind of thing waiting, with how many and where each connection's part of it is dealt with. */
    record Attention(String key, int count, List<Place> places) {
    }

    /** A connection with some of it: its name (and its owner's, for an admin), the page to go to, how many. */
    record Place(String name, String owner, String href, int count) {
    }

    private final AttentionStore attention;
    private final AgendaViews views;
    private final EmployeeDirectory employees;
    private final Clock clock;

    HomeController(AttentionStore attention, AgendaViews views, EmployeeDirectory employees, Clock clock) {
        this.attention = attention;
        this.views = views;
        this.employees = employees;
        this.clock = clock;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal KoppelUser user, Model model) {
        List<ConnectionAttention> waiting = attention.waiting(user.admin() ? null : user.employeeId(),
                clock.instant().minus(RECENT_CONFLICTS));
        Map<Long, String> names = user.admin() ? employees.names() : Map.of();
        var items = new ArrayList<Attention>();
        addStatus(items, "signIn", "NEEDS_SIGN_IN", waiting, names);
        addStatus(items, "failing", "FAILING", waiting, names);
        addStatus(items, "safetyStop", "NEEDS_CONFIRMATION", waiting, names);
        addCount(items, "reviews", "/reviews", ConnectionAttention::reviews, waiting, names);
        addCount(items, "queue", "/import-queue", ConnectionAttention::queued, waiting, names);
        addCount(items, "conflicts", "/conflicts", ConnectionAttention::conflicts, waiting, names);
        var days = views.week(user.employeeId(), views.today(), new Viewer(user.employeeId(), user.admin())).stream()
                .filter(d -> d.today() || !d.entries().isEmpty()).toList();
        List<TaskRow> tasks = views.openTasks(user.employeeId());
        model.addAttribute("attention", items);
        model.addAttribute("organisationWide", user.admin());
        model.addAttribute("days", days);
        model.addAttribute("tasks", tasks.subList(0, Math.min(TASKS_SHOWN, tasks.size())));
        model.addAttribute("moreTasks", Math.max(0, tasks.size() - TASKS_SHOWN));
        model.addAttribute("nothing", items.isEmpty() && tasks.isEmpty() && days.stream().allMatch(d -> d.entries().isEmpty()));
        return "home";
    }

    private static void addStatus(List<Attention> items, String key, String status, List<ConnectionAttention> waiting,
                                  Map<Long, String> owners) {
        List<Place> places = waiting.stream().filter(c -> c.status().equals(status))
                .map(c -> new Place(c.name(), owners.get(c.ownerId()), "/connections/" + c.id(), 1)).toList();
        if (!places.isEmpty()) items.add(new Attention(key, places.size(), places));
    }

    private static void addCount(List<Attention> items, String key, String page, ToIntFunction<ConnectionAttention> count,
                                 List<ConnectionAttention> waiting, Map<Long, String> owners) {
        List<Place> places = waiting.stream().filter(c -> count.applyAsInt(c) > 0)
                .map(c -> new Place(c.name(), owners.get(c.ownerId()), "/connections/" + c.id() + page, count.applyAsInt(c)))
                .toList();
        if (!places.isEmpty()) items.add(new Attention(key, places.stream().mapToInt(Place::count).sum(), places));
    }
}
