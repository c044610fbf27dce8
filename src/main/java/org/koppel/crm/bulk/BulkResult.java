package org.koppel.crm.bulk;

/**
 * What a bulk change did to one relation. {@code reason} says why a relation was refused or left
 * as it was; null when it changed.
 */
public record BulkResult(long relationId, String name, Outcome outcome, String reason) {

    public enum Outcome { CHANGED, UNCHANGED, REFUSED }
}
