package org.koppel.crm.relation;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum LeadStatus {
    @JsonProperty("new") NEW,
    @JsonProperty("contacted") CONTACTED,
    @JsonProperty("qualified") QUALIFIED,
    @JsonProperty("disqualified") DISQUALIFIED
}
