package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.koppel.connector.google.GoogleAccounts;
import org.koppel.connector.graph.GraphPeers;
import org.koppel.connector.source.SourcePeers;
import org.koppel.crm.Checks;
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

    private final org.springframework.context.MessageSource messages;

    SyncViews(SyncRunStore runs, EmployeeDirectory employees, RelationNames relationNames, List<PeerFactory> factories,
              org.koppel.store.ImportQueueStore importQueue, Dates dates, org.springframework.context.MessageSource messages) {
        this.dates = dates;
        this.messages = messages;
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
        return connections.stream().map(c -> {
            RunReport last = runs.recent(c.id(), 1).stream().findFirst().orElse(null);
            return new ConnectionSummary(c, names.getOrDefault(c.ownerId(), "#" + c.ownerId()),
                    last == null ? null : RunSummary.of(last, dates), FailureReason.ofConnection(c, last));
        }).toList();
    }

    /** Why the connection is not syncing, in words (null while it is): read from its status and its last run. */
    FailureReason reason(Connection connection) {
        return FailureReason.ofConnection(connection, runs.recent(connection.id(), 1).stream().findFirst().orElse(null));
    }

    String ownerName(Connection connection) {
        return employees.names().getOrDefault(connection.ownerId(), "#" + connection.ownerId());
    }

    List<RunSummary> recentRuns(long connectionId) {
        return runs.recent(connectionId, RUNS_SHOWN).stream().map(r -> RunSummary.of(r, dates)).toList();
    }

    RunReportView report(RunReport report, String connectionType, int maxItems) {
        List<RunReport.Item> shown = report.items().size() <= maxItems ? report.items() : report.items().subList(0, maxItems);
        return new RunReportView(report, dates.moment(report.startedAt()), dates.moment(report.finishedAt()),
                RunSummary.took(report), relationNames.of(shown.stream()
                        // only contacts and relations are relations; the others name a mail, an appointment, a task
                        .filter(i -> i.dataType() == org.koppel.sync.DataType.CONTACTS
                                || i.dataType() == org.koppel.sync.DataType.RELATIONS).map(RunReport.Item::crmId).toList()),
                shown, shown.stream().map(i -> ItemReasons.of(i.reason(), messages,
                        org.springframework.context.i18n.LocaleContextHolder.getLocale())).toList(),
                importQueue.waiting(report.connectionId()), FailureReason.ofRun(report, connectionType));
    }

    /** The stores a connection syncs with, named by their own names on the page instead of their addresses. */
    private static final List<String> STORES = List.of("addressBook", "calendar", "taskList");

    /**
     * The settings as everyone reads them: the address book, calendar and task list by their display
     * name (stored at set-up as {@code addressBookName} ...; for connections made before, the last part of
     * the address), without the flags only Koppel needs. {@link #technicalSettings} has the rest, for admins.
     */
    Map<String, String> shownSettings(Connection connection) {
        var shown = new java.util.LinkedHashMap<String, String>();
        visibleSettings(connection).forEach((key, value) -> {
            if (technical(key)) return;
            if (STORES.contains(key) && value.contains("/")) {
                String name = Checks.clean(connection.settings().get(key + "Name"));
                shown.put(key, name != null ? name : lastSegment(value));
            } else {
                shown.put(key, value);
            }
        });
        return shown;
    }

    /** The addresses and flags behind {@link #shownSettings}: for an admin looking into a problem. */
    static Map<String, String> technicalSettings(Connection connection) {
        var technical = new TreeMap<String, String>();
        visibleSettings(connection).forEach((key, value) -> {
            if (technical(key) || (STORES.contains(key) && value.contains("/"))) technical.put(key, value);
        });
        return technical;
    }

    private static boolean technical(String key) {
        return key.endsWith("SyncCollection") || key.equals("syncCollection") || STORES.stream().anyMatch(s -> key.equals(s + "Name"));
    }

    private static String lastSegment(String address) {
        String path = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        String last = path.substring(path.lastIndexOf('/') + 1);
        try {
            return java.net.URLDecoder.decode(last, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return last;
        }
    }

    /**
     * What the safety stop held on the connection's last stopped run: up to {@code shown} of its records by
     * name (contacts; others by kind and number) and how many more; null when no stopped run is there.
     */
    Held heldBySafetyStop(long connectionId, int shown) {
        RunReport stopped = runs.recent(connectionId, RUNS_SHOWN).stream()
                .filter(r -> r.status() == RunReport.Status.NEEDS_CONFIRMATION).findFirst().orElse(null);
        if (stopped == null) return null;
        List<RunReport.Item> held = stopped.items().stream().filter(i -> i.crmId() != null
                && i.reason() != null && i.reason().startsWith("held by the safety stop")).toList();
        List<RunReport.Item> first = held.subList(0, Math.min(shown, held.size()));
        Map<Long, String> names = relationNames.of(first.stream().filter(SyncViews::aboutRelation).map(RunReport.Item::crmId).toList());
        List<HeldRecord> records = first.stream().map(i -> new HeldRecord(i.dataType(), i.crmId(),
                aboutRelation(i) ? names.get(i.crmId()) : null)).toList();
        return new Held(stopped.id(), records, held.size() - records.size());
    }

    /** A record the safety stop held; {@code name} null for one that is no relation (or is gone since). */
    public record HeldRecord(org.koppel.sync.DataType dataType, long id, String name) {
    }

    public record Held(long runId, List<HeldRecord> shown, int more) {
    }

    static boolean aboutRelation(RunReport.Item item) {
        return item.dataType() == org.koppel.sync.DataType.CONTACTS || item.dataType() == org.koppel.sync.DataType.RELATIONS;
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
