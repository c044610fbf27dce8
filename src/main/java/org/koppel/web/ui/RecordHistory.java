package org.koppel.web.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Change;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.springframework.stereotype.Component;

/**
 * A record's recent changes as a page shows them: when, what, and who by name, a sync by the name
 * of its connection ("Anna's iPhone"), not its number.
 */
@Component
class RecordHistory {

    static final int SHOWN = 15;

    private final ChangeLogStore changeLog;
    private final EmployeeDirectory employees;
    private final ConnectionStore connections;

    private final Dates dates;

    RecordHistory(ChangeLogStore changeLog, EmployeeDirectory employees, ConnectionStore connections, Dates dates) {
        this.dates = dates;
        this.changeLog = changeLog;
        this.employees = employees;
        this.connections = connections;
    }

    List<ChangeEntry> of(RecordType type, long id) {
        List<Change> changes = changeLog.forRecord(type, id, SHOWN);
        Map<Long, String> connectionNames = new HashMap<>();
        changes.stream().map(Change::origin).filter(o -> o.type() == Origin.OriginType.CONNECTION).map(Origin::id).distinct()
                .forEach(cid -> connections.find(cid).ifPresent(c -> connectionNames.put(cid, c.name())));
        Map<Long, String> names = employees.names();
        return changes.stream().map(c -> ChangeEntry.of(c, names, connectionNames, dates)).toList();
    }
}
