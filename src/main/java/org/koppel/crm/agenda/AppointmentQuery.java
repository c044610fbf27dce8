package org.koppel.crm.agenda;

import java.time.Instant;

/**
 * A listing of appointments. {@code from}/{@code to} select those overlapping [from, to); a
 * series is listed when its span (first start to last end, open when it has no UNTIL) overlaps.
 * {@code viewerId} and {@code viewerAdmin}: a relation filter never reveals another employee's
 * private appointment with that relation.
 */
public record AppointmentQuery(Instant from, Instant to, Long organiserId, Long relationId, boolean deleted,
                               Long viewerId, boolean viewerAdmin, int page, int size) {
}
