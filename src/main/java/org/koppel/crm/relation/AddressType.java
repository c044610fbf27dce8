package org.koppel.crm.relation;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum AddressType {
    @JsonProperty("visiting") VISITING,
    @JsonProperty("postal") POSTAL,
    @JsonProperty("private") PRIVATE,
    @JsonProperty("invoice") INVOICE
}
