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
import org.koppel.testkit.graph.FakeMicrosoftIdentity;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Connect Microsoft 365 button in headless Chromium, through the fake identity platform and
 * back: connect, start, lose the grant, sign in again. Skipped without Debian's chromium.
 */
@OnH2
@InChromium.Window("1280,1000")
class MicrosoftConnectBrowserTest extends InChromium {

    private static final String CLIENT_ID = "22223333-cccc-4444-dddd-5555eeee6666";
    private static final String CLIENT_SECRET = "browser~test~secret";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");


    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ConnectionStore connections;
    @Autowired SyncRunner runner;

    FakeMicrosoftIdentity microsoft;

    @BeforeEach
    void startMicrosoft() {
        microsoft = FakeMicrosoftIdentity.start(CLIENT_ID, CLIENT_SECRET)
                .allowRedirectUri("http://localhost:" + port + "/connections/microsoft/callback");
        Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD).put("/api/v1/settings/microsoft", """
                {"clientId": "%s", "clientSecret": "%s", "authorityBaseUrl": "%s"}"""
                .formatted(CLIENT_ID, CLIENT_SECRET, microsoft.authority()), h -> { });
    }

    @AfterEach
    void stopMicrosoft() {
        microsoft.close();
    }

    @Test
    void anEmployeeConnectsOutlookStartsTheSyncAndSignsInAgainAfterARevocation() throws IOException {
        Employee employee = samples.employee("sanne", EmployeeRole.USER);
        String mailbox = employee.login() + "@contoso.example";
        microsoft.signInAs(mailbox).accessTokenLifetime(Duration.ofMinutes(1));
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(employee, wait);

        browser.get(url("/connections"));
        browser.findElement(By.cssSelector("#connect-microsoft input[value=default]")).click();
        screenshot("microsoft-connect.png");
        browser.findElement(By.id("connect-microsoft-button")).click();
        wait.until(ExpectedConditions.urlMatches(".*/connections/\\d+/microsoft/start$"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Signed in as " + mailbox);
        assertThat(browser.findElement(By.cssSelector("input[name=folder][value=default]")).isSelected()).isTrue();
        screenshot("microsoft-start.png");

        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlMatches(".*/connections/\\d+$"));
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/connections/(\\d+)$", "$1"));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText()).contains("starting the initial sync");
        assertThat(connections.find(id).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);

        microsoft.revokeGrants(mailbox);
        runner.run(id, "sync-now");
        browser.get(url("/connections"));
        screenshot("microsoft-needs-sign-in.png");
        browser.findElement(By.cssSelector("button.sign-in-again")).click();
        wait.until(ExpectedConditions.urlMatches(".*/connections/" + id + "$"));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText()).contains("Signed in again as " + mailbox);
        assertThat(connections.find(id).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);
    }

    @Test
    void refusingAtMicrosoftEndsOnAPageThatSaysSo() {
        Employee employee = samples.employee("daan", EmployeeRole.USER);
        microsoft.signInAs(employee.login() + "@contoso.example").refuseConsent();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(employee, wait);

        browser.get(url("/connections"));
        browser.findElement(By.id("connect-microsoft-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-problem")));
        assertThat(browser.findElement(By.id("sign-in-problem")).getText())
                .contains("You did not give Koppel access to your Microsoft 365 contacts");
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
