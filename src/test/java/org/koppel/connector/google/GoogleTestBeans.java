package org.koppel.connector.google;

import org.koppel.testkit.google.FakeGoogleAccounts;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Google sign-in for end-to-end tests of the Google connector: tokens from the Google fake each test starts
 * ({@link FakeGoogleAccounts#use}). Primary, so it wins over the real sign-in's bean where both exist.
 */
@TestConfiguration(proxyBeanMethods = false)
public class GoogleTestBeans {

    @Bean
    @Primary
    FakeGoogleAccounts fakeGoogleAccounts() {
        return new FakeGoogleAccounts(null);
    }
}
