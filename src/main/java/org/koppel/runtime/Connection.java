package org.koppel.runtime;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One account in one peer, owned by one employee. {@code settings} are the peer's own (URL, user
 * name, address book); the secret is stored apart, encrypted, and never part of this record.
 */
public record Connection(long id, String type, String name, long ownerId, Status status, String statusReason,
                         @JsonIgnore Map<String, String> settings,
                         @JsonIgnore boolean confirmedMassChange, long version, Instant createdAt, Instant updatedAt) {

    /**
     * The settings as the API shows them: a password in an address (stored before such addresses
     * were refused) is masked.
     */
    @JsonProperty("settings")
    public Map<String, String> shownSettings() {
        return ConnectionUrls.withoutPasswords(settings);
    }

    public enum Status { ACTIVE, PAUSED, NEEDS_SIGN_IN, NEEDS_CONFIRMATION, FAILING }
}
