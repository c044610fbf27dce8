package org.koppel.crm.agenda;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum TaskStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("completed") COMPLETED
}
