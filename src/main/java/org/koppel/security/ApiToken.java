package org.koppel.security;

import java.time.Instant;

/** A personal API token as listed: never its secret, which is shown once at creation. */
public record ApiToken(long id, long employeeId, String name, Instant createdAt, Instant lastUsedAt) {
}
