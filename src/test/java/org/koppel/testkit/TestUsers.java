package org.koppel.testkit;

/** The admin every test context starts with (created by AdminBootstrap from koppel.admin-password). */
public final class TestUsers {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    /** 32 bytes, base64: tests never write a key file. */
    public static final String SECRET_KEY = "J1iEM9NmoMBIFQWnpHRmw/1xTv+5gEu+c7pnX6UaUFU=";

    private TestUsers() {
    }
}
