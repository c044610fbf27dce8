package org.koppel.web.ui;

import java.util.Locale;
import java.util.Optional;

import org.koppel.crm.relation.RelationKind;

/** Relation kinds as they appear in UI addresses: {@code ?kind=person}. */
final class RelationKinds {

    private RelationKinds() {
    }

    static Optional<RelationKind> parse(String name) {
        if (name == null) return Optional.empty();
        for (RelationKind kind : RelationKind.values()) {
            if (kind.name().equalsIgnoreCase(name.strip())) return Optional.of(kind);
        }
        return Optional.empty();
    }

    static String param(RelationKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
