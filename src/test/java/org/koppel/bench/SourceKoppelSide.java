package org.koppel.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.store.LinkStore;
import org.koppel.sync.DataType;
import org.koppel.sync.Link;
import org.koppel.sync.RunReport;
import org.koppel.testkit.source.SourceServer;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Koppel's side of the source benchmark: one "source" connection made as the activation makes it
 * (relation types 1 and 2 mapped), its runs timed, and after each the check that Koppel holds what
 * the source says it must: every relation to import linked once and present once, and after edits in
 * the source exactly the edited relations changed in Koppel, to the edited value.
 */
final class SourceKoppelSide {

    private final SyncRunner runner;
    private final LinkStore links;
    private final Relations relations;
    private final JdbcClient jdbc;
    private final SourceServer source;
    private final KoppelUser owner;
    final long connection;

    SourceKoppelSide(ApplicationContext context, SourceServer source, String office, String key, KoppelUser owner) {
        this.runner = context.getBean(SyncRunner.class);
        this.links = context.getBean(LinkStore.class);
        this.relations = context.getBean(Relations.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.source = source;
        this.owner = owner;
        var settings = new HashMap<String, String>(Map.of("url", source.baseUrl().toString(), "office", office));
        SourceExpected.MAPPED.forEach((id, type) -> settings.put("relationType." + id, type));
        this.connection = context.getBean(Connections.class).create("source", "Dossiers " + owner.login(), settings, key, owner).id();
    }

    /** One timed run of the connection, which must succeed. */
    SourceMeasured<RunReport> run(String step) {
        var m = SourceMeasured.time(source, () -> runner.run(connection, "bench"));
        BenchRuns.requireSucceeded(m.value(), step);
        RunReport.Totals t = BenchRuns.totals(m.value(), DataType.RELATIONS);
        System.out.printf("bench:   Koppel, %s: %.2f s, %d requests, run thread CPU %.2f s, process CPU %.2f s, %s%n", step,
                m.seconds(), m.requests(), m.threadCpuSeconds(), m.processCpuSeconds(), t);
        var skipped = m.value().items().stream().filter(i -> i.outcome() == RunReport.Outcome.SKIPPED).toList();
        if (!skipped.isEmpty()) {
            System.out.printf("bench:     %d items skipped, for %d distinct source relations%n", skipped.size(),
                    skipped.stream().map(RunReport.Item::peerId).distinct().count());
        }
        return m;
    }

    /** Every relation of {@code expected} linked once, no other linked, and each present once in Koppel (none twice). */
    String checkImported(Set<String> expected, RunReport report) {
        List<Link> all = links.all(connection, DataType.RELATIONS);
        Set<String> linked = all.stream().map(Link::peerId).collect(Collectors.toSet());
        if (linked.size() != all.size()) throw new IllegalStateException("a source relation is linked twice");
        if (!linked.equals(expected)) {
            var missing = new HashSet<>(expected);
            missing.removeAll(linked);
            var extra = new HashSet<>(linked);
            extra.removeAll(expected);
            throw new IllegalStateException("linked relations differ from the source's: " + missing.size() + " missing (e.g. "
                    + missing.stream().limit(5).toList() + "), " + extra.size() + " not expected (e.g. " + extra.stream().limit(5).toList() + ")");
        }
        long inKoppel = managed();
        int created = BenchRuns.totals(report, DataType.RELATIONS).created();
        if (inKoppel != expected.size() || created != expected.size()) {
            throw new IllegalStateException("Koppel holds " + inKoppel + " relations of the connection (run report: " + created
                    + " created), not " + expected.size());
        }
        return "%,d of %,d linked once, %,d in Koppel".formatted(linked.size(), expected.size(), inKoppel);
    }

    /** The relations managed by the connection's owner (every import), not deleted. */
    long managed() {
        return jdbc.sql("SELECT COUNT(*) FROM relation WHERE manager_id = ? AND deleted_at IS NULL")
                .param(owner.employeeId()).query(Long.class).single();
    }

    /** Koppel id to version of every relation the connection imported: to see which a run changed. */
    Map<Long, Long> versions() {
        Map<Long, Long> versions = new HashMap<>();
        jdbc.sql("SELECT id, version FROM relation WHERE manager_id = ?").param(owner.employeeId())
                .query(rs -> {
                    versions.put(rs.getLong(1), rs.getLong(2));
                });
        return versions;
    }

    /**
     * Exactly the relations of {@code edited} (source id to the value written) changed in Koppel
     * between {@code before} and now, each to the edited value (its digits: Koppel may write a
     * phone number in international form).
     */
    String checkEdited(Map<String, String> edited, Map<Long, Long> before) {
        Map<Long, Long> after = versions();
        Set<Long> changed = after.keySet().stream().filter(id -> !after.get(id).equals(before.get(id))).collect(Collectors.toSet());
        Map<Long, String> wanted = new HashMap<>();
        edited.forEach((sourceId, value) -> wanted.put(links.crmIdOf(connection, DataType.RELATIONS, sourceId).orElseThrow(), value));
        if (!changed.equals(wanted.keySet())) {
            var unexpected = new HashSet<>(changed);
            unexpected.removeAll(wanted.keySet());
            var missed = new HashSet<>(wanted.keySet());
            missed.removeAll(changed);
            throw new IllegalStateException(changed.size() + " relations changed in Koppel, not the " + wanted.size()
                    + " edited: " + missed.size() + " edited not changed, " + unexpected.size() + " changed not edited (e.g. "
                    + unexpected.stream().limit(5).toList() + ")");
        }
        wanted.forEach((crmId, value) -> {
            String now = phone(relations.find(null, crmId));
            if (now == null || !digits(now).endsWith(digits(value).substring(1))) {
                throw new IllegalStateException("relation " + crmId + " has phone " + now + ", not the edited " + value);
            }
        });
        return edited.isEmpty() ? "nothing changed in Koppel"
                : "exactly the %,d edited changed, to the edited value".formatted(changed.size());
    }

    /** The phone a benchmark edits ({@link SourceExpected#editedField}) as Koppel holds it. */
    private static String phone(Relation r) {
        if (r instanceof Organisation o) return o.phone();
        Person p = (Person) r;
        return p.contactRoles().isEmpty() ? p.privatePhone() : p.contactRoles().getFirst().phone();
    }

    private static String digits(String phone) {
        return phone.replaceAll("\\D", "");
    }
}
