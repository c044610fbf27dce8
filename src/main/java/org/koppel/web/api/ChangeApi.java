package org.koppel.web.api;

import java.util.List;

import org.koppel.crm.Change;
import org.koppel.crm.InvalidInputException;
import org.koppel.store.ChangeLogStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The change log for pollers: ask for the entries after the last sequence number seen, then
 * ask again with {@code next}. Entries are numbered in commit order, so nothing is skipped.
 */
@RestController
@RequestMapping("/api/v1/changes")
class ChangeApi {

    record ChangePage(List<Change> items, long next) {
    }

    private final ChangeLogStore changeLog;

    ChangeApi(ChangeLogStore changeLog) {
        this.changeLog = changeLog;
    }

    @GetMapping
    ChangePage after(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit) {
        RelationApi.checkLimit(limit);
        if (after < 0) throw new InvalidInputException("after", "must be 0 or more");
        List<Change> items = changeLog.after(after, limit);
        return new ChangePage(items, items.isEmpty() ? after : items.getLast().seq());
    }
}
