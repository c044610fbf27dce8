package org.koppel.crm.agenda;

/** Who reads or writes: an employee, and whether they are an admin (who sees every appointment in full). */
public record Viewer(Long employeeId, boolean admin) {

    /** Koppel itself (sync, bootstrap): sees and changes everything. */
    public static Viewer system() {
        return new Viewer(null, true);
    }
}
