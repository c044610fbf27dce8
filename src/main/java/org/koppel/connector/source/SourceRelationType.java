package org.koppel.connector.source;

/** One of the source system's own relation types ({@code GET /relation-types}), which the admin maps to Koppel's. */
public record SourceRelationType(String id, String name) {
}
