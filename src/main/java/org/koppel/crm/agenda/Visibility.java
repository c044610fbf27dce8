package org.koppel.crm.agenda;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who sees an appointment: everyone, or only its organiser (and admins). OWNER_ONLY is a peer's "private". */
public enum Visibility {
    @JsonProperty("everyone") EVERYONE,
    @JsonProperty("owner-only") OWNER_ONLY
}
