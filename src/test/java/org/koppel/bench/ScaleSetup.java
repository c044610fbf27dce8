package org.koppel.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connections;
import org.koppel.testkit.LightCardDav;
import org.koppel.testkit.Samples;
import org.springframework.context.ApplicationContext;

/**
 * The scale benchmark's data, untimed, through the write path as a user makes it: per connection one employee
 * ({@code Employees.create}), the persons the employee manages ({@code Relations.create}; managed persons are the
 * default contact scope) and a {@code carddav} connection to the employee's own address book on the stand-in
 * ({@code Connections.create}, discovery included). Four writers at once.
 */
final class ScaleSetup {

    /** One connection and what it syncs: the stand-in's {@code user}, the employee, the persons. */
    record Member(int number, String user, long employeeId, long connectionId, List<Long> persons) {
    }

    private static final int WRITERS = 4;

    private ScaleSetup() {
    }

    static List<Member> seed(ApplicationContext context, LightCardDav dav, int connections, int persons)
            throws Exception {
        dav.addUsers(0, connections);
        Relations relations = context.getBean(Relations.class);
        Connections connectionService = context.getBean(Connections.class);
        long start = System.nanoTime();
        List<Member> members = Collections.synchronizedList(new ArrayList<>());
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            var done = new ArrayList<Future<?>>();
            for (int n = 0; n < connections; n++) {
                int number = n;
                done.add(writers.submit(() -> {
                    String user = LightCardDav.user(number);
                    Employee employee = BenchEmployee.create(context, "scale-" + user, "Scale User " + number);
                    var ids = new ArrayList<Long>();
                    for (int p = 0; p < persons; p++) {
                        ids.add(relations.create(Samples.person("Anna" + p, p % 3 == 1 ? "van der" : null,
                                "Scale" + number, employee.id(), List.of()), Origin.system()).id());
                    }
                    long connection = connectionService.create("carddav", "Phone of " + user,
                            Map.of("url", dav.addressBook(user).toString(), "username", user),
                            LightCardDav.password(user), BenchEmployee.owner(employee)).id();
                    members.add(new Member(number, user, employee.id(), connection, List.copyOf(ids)));
                    return null;
                }));
            }
            for (int i = 0; i < done.size(); i++) {
                done.get(i).get();
                if ((i + 1) % 1000 == 0) {
                    System.out.printf("bench:   %d of %d connections set up (%.0f s)%n", i + 1, connections,
                            (System.nanoTime() - start) / 1e9);
                }
            }
        } finally {
            writers.shutdownNow();
        }
        System.out.printf("bench:   %d employees, %d persons, %d connections set up in %.1f s (not timed)%n",
                connections, connections * persons, connections, (System.nanoTime() - start) / 1e9);
        members.sort(java.util.Comparator.comparingInt(Member::number));
        return List.copyOf(members);
    }
}
