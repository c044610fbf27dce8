package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.koppel.connector.google.GoogleAccounts;
import org.koppel.connector.graph.GraphPeers;
import org.koppel.connector.source.SourcePeers;
import org.koppel.runtime.Connection;
import org.koppel.runtime.ConnectionUrls;
import org.koppel.runtime.PeerFactory;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.RunReport;
import org.springframework.stereotype.Component;

/** What the connection, run and conflict pages have in common: summaries of connections and runs, and report views. */
@Component
class SyncViews {

    static final int RUNS_SHOWN = 20;
    /** The Sync now answer lists this many items; the run's own page lists them all. */
    static final int ITEMS_AFTER_SYNC = 15;

    private final SyncRunStore runs;
    private final EmployeeDirectory employees;
    private final RelationNames relationNames;
    private final List<String> types;

    private final org.koppel.store.ImportQueueStore importQueue;
    private final Dates dates;

    SyncViews(SyncRunStore runs, EmployeeDirectory employees, RelationNames relationNames, List<PeerFactory> factories,
              org.koppel.store.ImportQueueStore importQueue, Dates dates) {
        this.dates = dates;
        this.importQueue = importQueue;
        this.runs = runs;
        this.employees = employees;
        this.relationNames = relationNames;
        // CardDAV is always offered, so the form is right even on a build whose CardDAV connector is missing:
        // Connections.create then explains that the type is unknown.
        var types = new ArrayList<>(List.of(ConnectionForm.DEFAULT_TYPE));
        // Microsoft 365 and Google are connected by signing in (their own buttons), a source system activated by an admin step by
        // step (the integrations page): never through this form
        factories.stream().map(PeerFactory::type)
                .filter(t -> !types.contains(t) && !t.equals(GraphPeers.TYPE) && !t.equals(GoogleAccounts.CONNECTION_TYPE)
                        && !t.equals(SourcePeers.TYPE)).sorted()
                .forEach(types::add);
        this.types = List.copyOf(types);
    }

    List<String> types() {
        return types;
    }

    List<ConnectionSummary> summaries(List<Connection> connections) {
        Map<Long, String> names = employees.names();
        return connections.stream().map(c -> new ConnectionSummary(c, names.getOrDefault(c.ownerId(), "employee " + c.ownerId()),
                runs.recent(c.id(), 1).stream().findFirst().map(r -> RunSummary.of(r, dates)).orElse(null))).toList();
    }

    String ownerName(Connection connection) {
        return employees.names().getOrDefault(connection.ownerId(), "employee " + connection.ownerId());
    }

    List<RunSummary> recentRuns(long connectionId) {
        return runs.recent(connectionId, RUNS_SHOWN).stream().map(r -> RunSummary.of(r, dates)).toList();
    }

    RunReportView report(RunReport report, int maxItems) {
        List<RunReport.Item> shown = report.items().size() <= maxItems ? report.items() : report.items().subList(0, maxItems);
        return new RunReportView(report, dates.moment(report.startedAt()), dates.moment(report.finishedAt()),
                RunSummary.took(report), relationNames.of(shown.stream()
                        // only contacts and relations are relations; the others name a mail, an appointment, a task
                        .filter(i -> i.dataType() == org.koppel.sync.DataType.CONTACTS
                                || i.dataType() == org.koppel.sync.DataType.RELATIONS).map(RunReport.Item::crmId).toList()),
                shown, importQueue.waiting(report.connectionId()));
    }

    /**
     * The settings a page may show. They are the connector's own (URL, user name, address book) and
     * the secret is stored apart; still, a key that names a credential is never shown, whatever a
     * connector puts there.
     */
    static Map<String, String> visibleSettings(Connection connection) {
        var shown = new TreeMap<String, String>();
        connection.settings().forEach((key, value) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.contains("secret") && !lower.contains("password") && !lower.contains("token")) {
                shown.put(key, ConnectionUrls.withoutPassword(value));
            }
        });
        return shown;
    }
}
