package org.koppel.crm.relation;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.koppel.crm.RecordType;

public enum RelationKind {
    @JsonProperty("organisation") ORGANISATION,
    @JsonProperty("person") PERSON,
    @JsonProperty("lead") LEAD;

    public RecordType recordType() {
        return RecordType.valueOf(name());
    }
}
