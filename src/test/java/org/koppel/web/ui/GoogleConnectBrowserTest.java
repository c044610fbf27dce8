package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.runtime.Connection;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleSettings;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Connect Google button in headless Chromium, through the Google fake and back: connect, lose
 * the grant, sign in again. Skipped without Debian's chromium.
 */
@OnH2
@InChromium.Window("1280,1000")
class GoogleConnectBrowserTest extends InChromium {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ConnectionStore connections;
    @Autowired SyncRunner runner;

    FakeGoogle google;

    @BeforeEach
    void startGoogle() {
        google = FakeGoogle.start(FakeGoogleSettings.published().withAccessTokenLifetime(Duration.ofMinutes(1)));
        google.oauth().allowRedirectUri("http://localhost:" + port + "/connections/google/callback");
        Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD).put("/api/v1/settings/google", """
                {"clientId": "%s", "clientSecret": "%s", "authorizationUrl": "%s", "tokenUrl": "%s", "revocationUrl": "%s",
                 "peopleBaseUrl": "%s"}"""
                .formatted(google.oauth().clientId(), google.oauth().clientSecret(), google.authorizationUri(),
                        google.tokenUri(), google.revocationUri(), google.peopleBaseUrl()), h -> { });
    }

    @AfterEach
    void stopGoogle() {
        google.close();
    }

    @Test
    void anEmployeeConnectsGoogleAndSignsInAgainAfterARevocation() throws IOException {
        Employee employee = samples.employee("greet", EmployeeRole.USER);
        String account = employee.login() + "@gmail.example";
        google.oauth().signInAs(account);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(employee, wait);

        browser.get(url("/connections"));
        screenshot("google-connect.png");
        browser.findElement(By.id("connect-google-button")).click();
        wait.until(ExpectedConditions.urlMatches(".*/connections/\\d+$"));
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/connections/(\\d+)$", "$1"));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText())
                .contains("Connected the Google account " + account);
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(account);
        assertThat(connections.find(id).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);

        google.oauth().userRevokes(account);
        runner.run(id, "sync-now");
        browser.get(url("/connections"));
        screenshot("google-needs-sign-in.png");
        browser.findElement(By.cssSelector("button.sign-in-again")).click();
        wait.until(ExpectedConditions.urlMatches(".*/connections/" + id + "$"));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText()).contains("Signed in again as " + account);
        assertThat(connections.find(id).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(connections.ofOwner(employee.id())).hasSize(1);
    }

    @Test
    void refusingAtGoogleEndsOnAPageThatSaysSo() {
        Employee employee = samples.employee("gijs", EmployeeRole.USER);
        google.oauth().signInAs(employee.login() + "@gmail.example");
        google.oauth().refuseConsent(true);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(employee, wait);

        browser.get(url("/connections"));
        browser.findElement(By.id("connect-google-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-problem")));
        assertThat(browser.findElement(By.id("sign-in-problem")).getText())
                .contains("You did not give Koppel access to your Google contacts");
        assertThat(connections.ofOwner(employee.id())).isEmpty();
    }

    private void signIn(Employee employee, WebDriverWait wait) {
        chromium.signIn(url("/login"), employee.login(), Samples.password(employee.login()), wait);
        // signed in from the sign-in page itself: the home page
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("attention")));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Kept in target/ for a person to look at; not an assertion. */
    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
