package org.koppel.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.koppel.crm.Change;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.springframework.context.ApplicationContext;

/**
 * One measurement on a started Koppel: N persons written through {@link Relations#create}, each
 * in its own transaction as the API writes them, by W threads; then the change log read back page
 * by page as a sync run reads it, and checked to hold exactly those N creations in gap-free order.
 */
final class WritePathRun {

    private static final int PAGE = 1000;

    private final Relations relations;
    private final ChangeLogStore changeLog;
    private final long managerId;

    WritePathRun(ApplicationContext context) {
        this.relations = context.getBean(Relations.class);
        this.changeLog = context.getBean(ChangeLogStore.class);
        this.managerId = context.getBean(Employees.class).create(new Employee(null, null, "bench", "Bench Manager",
                List.of("bench@koppel.example"), EmployeeRole.USER, true, null, null, null), null, false,
                Origin.system()).id();
    }

    /**
     * Writes untimed, at least {@code persons} and for at least {@code time}, so the timed part
     * does not also measure the JIT compiling the write path.
     */
    void warmUp(int persons, Duration time) {
        var made = new BenchPersons(new Random(-1), managerId);
        long until = System.nanoTime() + time.toNanos();
        for (int i = 0; i < persons || System.nanoTime() < until; i++) {
            relations.create(made.next(-i - 1), Origin.system());
        }
    }

    Measured measure(int persons, int writers) throws Exception {
        long startSeq = changeLog.lastSeq();
        long cpuStart = processCpuNanos();
        long writeStart = System.nanoTime();
        write(persons, writers);
        double writeSeconds = seconds(System.nanoTime() - writeStart);
        double cpuMillisPerPerson = (processCpuNanos() - cpuStart) / 1e6 / persons;
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        long readStart = System.nanoTime();
        List<Change> read = readAll(startSeq);
        double readSeconds = seconds(System.nanoTime() - readStart);
        check(read, startSeq, persons);
        return new Measured(writeSeconds, cpuMillisPerPerson, read.size(), readSeconds, loadAverage);
    }

    /**
     * @param cpuMillisPerPerson CPU time this JVM spent per person written: unlike the wall-clock
     *                           figures, hardly moved by other work on a shared machine
     * @param loadAverage the machine's 1-minute load average as writing ends, the writers' own load included
     */
    record Measured(double writeSeconds, double cpuMillisPerPerson, long entriesRead, double readSeconds,
                    double loadAverage) {
    }

    private void write(int persons, int writers) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            var done = new ArrayList<Future<?>>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    var made = new BenchPersons(new Random(writer), managerId);
                    for (int i = writer; i < persons; i += writers) relations.create(made.next(i), Origin.system());
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
    }

    private List<Change> readAll(long afterSeq) {
        var all = new ArrayList<Change>();
        long seq = afterSeq;
        while (true) {
            List<Change> page = changeLog.after(seq, PAGE);
            if (page.isEmpty()) return all;
            all.addAll(page);
            seq = page.getLast().seq();
        }
    }

    /** Exactly one creation per person written, numbered startSeq+1 .. startSeq+N without a gap. */
    private static void check(List<Change> read, long startSeq, int persons) {
        if (read.size() != persons) {
            throw new IllegalStateException("change log holds " + read.size() + " entries after " + startSeq
                    + ", expected " + persons);
        }
        var records = new HashSet<Long>();
        long expected = startSeq + 1;
        for (Change c : read) {
            if (c.seq() != expected) {
                throw new IllegalStateException("change log seq " + c.seq() + " where " + expected + " was expected");
            }
            if (c.recordType() != RecordType.PERSON || c.operation() != Operation.CREATE) {
                throw new IllegalStateException("unexpected change-log entry " + c);
            }
            records.add(c.recordId());
            expected++;
        }
        if (records.size() != persons) {
            throw new IllegalStateException(persons + " entries name only " + records.size() + " persons");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
