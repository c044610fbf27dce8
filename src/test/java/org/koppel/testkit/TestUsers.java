package org.koppel.testkit;

/** The admin every test context starts with (created by AdminBootstrap from koppel.admin-password). */
public final class TestUsers {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private TestUsers() {
    }
}
