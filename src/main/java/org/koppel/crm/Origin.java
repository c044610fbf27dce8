package org.koppel.crm;

/**
 * Who made a change: an employee through the UI or HTTP Basic, a personal API token, a sync
 * connection, or Koppel itself (bootstrap, demo data). Sync uses the origin to avoid pushing a
 * change back to the connection it came from.
 *
 * @param id the employee, token or connection id; null for SYSTEM
 * @param employeeId the employee acting, when there is one
 */
public record Origin(OriginType type, Long id, Long employeeId) {

    public enum OriginType { USER, API_TOKEN, CONNECTION, SYSTEM }

    public static Origin user(long employeeId) {
        return new Origin(OriginType.USER, employeeId, employeeId);
    }

    public static Origin apiToken(long tokenId, long employeeId) {
        return new Origin(OriginType.API_TOKEN, tokenId, employeeId);
    }

    public static Origin connection(long connectionId) {
        return new Origin(OriginType.CONNECTION, connectionId, null);
    }

    public static Origin system() {
        return new Origin(OriginType.SYSTEM, null, null);
    }
}
