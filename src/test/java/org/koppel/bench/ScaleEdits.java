package org.koppel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.koppel.crm.Origin;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.testkit.LightCardDav;
import org.koppel.testkit.Samples;
import org.springframework.context.ApplicationContext;

/**
 * CRM edits at a steady rate during the window, each a new first name ({@code Edit<n>x}) for a random person of a
 * random connection, through {@link Relations#update} as its employee, as a user saving the form; and when the
 * stand-in received the PUT carrying it. The clock starts just before the update (its own write time is in the
 * latency). A person with an edit on its way is not edited again until it arrived, so every edit can arrive.
 */
final class ScaleEdits {

    private record Pending(String token, long nanos) {
    }

    private final Relations relations;
    private final List<ScaleSetup.Member> members;
    private final double perSecond;
    private final Random random = new Random(16);
    private final Map<String, Map<Long, Pending>> pending = new ConcurrentHashMap<>();
    private final List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private ScheduledExecutorService editor;

    ScaleEdits(ApplicationContext context, LightCardDav dav, List<ScaleSetup.Member> members, double perSecond) {
        this.relations = context.getBean(Relations.class);
        this.members = members;
        this.perSecond = perSecond;
        dav.onPut(this::arrived);
    }

    void start() {
        if (perSecond <= 0) return;
        editor = Executors.newSingleThreadScheduledExecutor();
        editor.scheduleAtFixedRate(this::edit, 0, Math.round(1e9 / perSecond), TimeUnit.NANOSECONDS);
    }

    void stop() throws InterruptedException {
        if (editor == null) return;
        editor.shutdown();
        editor.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void edit() {
        ScaleSetup.Member member = members.get(random.nextInt(members.size()));
        long person = member.persons().get(random.nextInt(member.persons().size()));
        Map<Long, Pending> ofUser = pending.computeIfAbsent(member.user(), u -> new ConcurrentHashMap<>());
        if (ofUser.containsKey(person)) return;
        String token = "Edit" + made.incrementAndGet() + "x";
        ofUser.put(person, new Pending(token, System.nanoTime()));
        try {
            Person p = (Person) relations.find(RelationKind.PERSON, person);
            relations.update(RelationKind.PERSON, person, null, Samples.withFirstName(p, token),
                    Origin.user(member.employeeId()));
        } catch (RuntimeException e) {
            ofUser.remove(person);
            failed.incrementAndGet();
            System.out.println("bench:   an edit failed: " + e);
        }
    }

    private void arrived(LightCardDav.Put put) {
        Map<Long, Pending> ofUser = pending.get(put.user());
        if (ofUser == null) return;
        for (var entry : ofUser.entrySet()) {
            Pending p = entry.getValue();
            if (put.card().contains(p.token) && ofUser.remove(entry.getKey(), p)) {
                latencies.add((put.nanos() - p.nanos) / 1e9);
            }
        }
    }

    int made() {
        return made.get() - failed.get();
    }

    int failed() {
        return failed.get();
    }

    int waiting() {
        return pending.values().stream().mapToInt(Map::size).sum();
    }

    /** Seconds from each edit to the PUT that carried it, sorted. */
    List<Double> latencies() {
        synchronized (latencies) {
            return latencies.stream().sorted().toList();
        }
    }
}
