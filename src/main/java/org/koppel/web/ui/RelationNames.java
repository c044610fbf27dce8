package org.koppel.web.ui;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.koppel.crm.relation.Relation;
import org.koppel.store.RelationStore;
import org.springframework.stereotype.Component;

/** Display names of many relations in one query, for run reports and the conflict log. */
@Component
class RelationNames {

    private final RelationStore store;

    RelationNames(RelationStore store) {
        this.store = store;
    }

    Map<Long, String> of(Collection<Long> ids) {
        var distinct = ids.stream().filter(Objects::nonNull).distinct().toList();
        return store.load(distinct).stream().collect(Collectors.toMap(Relation::id, Relation::displayName, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
