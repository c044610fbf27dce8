package org.koppel.runtime;

/**
 * A connection was deleted, after its links and reports went with it: for what holds on to it
 * elsewhere, such as a sign-in whose grant should be revoked at the provider (org.koppel.google).
 *
 * @param sealedSecret its secret as it was stored (sealed); never logged
 */
public record ConnectionDeleted(Connection connection, String sealedSecret) {

    @Override
    public String toString() {
        return "ConnectionDeleted[" + connection.id() + ", " + connection.type() + "]";
    }
}
