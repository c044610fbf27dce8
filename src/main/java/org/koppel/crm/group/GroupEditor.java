package org.koppel.crm.group;

import org.koppel.crm.Origin;

/**
 * Who changes a group, and whether they are an admin: what they may change depends on both
 * (GroupRights). {@code employeeId} is null for Koppel itself (demo data), which may do anything.
 */
public record GroupEditor(Origin origin, Long employeeId, boolean admin) {

    public static GroupEditor system() {
        return new GroupEditor(Origin.system(), null, true);
    }

    public static GroupEditor employee(Origin origin, long employeeId, boolean admin) {
        return new GroupEditor(origin, employeeId, admin);
    }
}
