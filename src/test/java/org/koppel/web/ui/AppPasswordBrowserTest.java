package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A CardDAV account whose password changed, mended in Chromium against a real Radicale: the page says in
 * words that the server refuses the stored password, a wrong new one is refused at its input, the right one
 * brings the connection back, and the password is on no page. Skipped without Debian's chromium.
 */
@OnH2
@InChromium.Window("1280,1100")
class AppPasswordBrowserTest extends InChromium {

    @LocalServerPort int port;
    @Autowired Employees employees;
    @Autowired Connections connections;
    @Autowired ConnectionStore connectionStore;
    @Autowired SecretBox secrets;

    @Test
    void aNewAppPasswordTypedOnTheConnectionPageBringsAWrongPasswordConnectionBack() {
        Radicale radicale = Radicale.shared();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        var book = radicale.createAddressBook(Radicale.ALICE, "pw-" + tag, "Work contacts " + tag);
        Employee admin = employees.all().stream().filter(e -> e.login().equals(TestUsers.ADMIN)).findFirst().orElseThrow();
        String right = radicale.password(Radicale.ALICE);
        Connection c = connections.create("carddav", "Phone " + tag, Map.of("url", radicale.hostAndPort(), "username",
                Radicale.ALICE, "addressBook", book.getPath()), right, UiUsers.principal(admin));
        // the account's password changed since: the stored one is refused, as the runner found
        connectionStore.updateSecret(c.id(), secrets.seal("the-old-password"));
        connectionStore.setStatus(c.id(), Connection.Status.NEEDS_SIGN_IN,
                "the peer no longer accepts the credentials; sign in again: PROPFIND answered 401", Instant.now());

        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(wait);
        browser.get(url("/connections"));
        // the list offers the form right at the failing connection
        var enter = browser.findElement(By.cssSelector("a[href='/connections/" + c.id() + "#new-password']"));
        assertThat(enter.getText()).isEqualTo("Enter a new app password");
        enter.click();
        wait.until(ExpectedConditions.urlContains("/connections/" + c.id()));
        assertThat(browser.findElement(By.id("connection-status")).getText())
                .contains("no longer accepts the user name and app password").doesNotContain("401");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Work contacts " + tag);

        browser.findElement(By.id("new-secret")).sendKeys("not-" + right);
        browser.findElement(By.cssSelector("#new-password button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-secret-problem")));
        assertThat(browser.findElement(By.id("new-secret-problem")).getText()).contains("does not accept this app password");
        assertThat(browser.findElement(By.id("new-secret")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("new-secret")).getAttribute("aria-describedby")).contains("new-secret-problem");
        assertThat(browser.findElement(By.id("new-secret")).getAttribute("value")).as("not echoed").isEmpty();
        assertThat(connectionStore.find(c.id()).orElseThrow().status()).isEqualTo(Connection.Status.NEEDS_SIGN_IN);

        browser.findElement(By.id("new-secret")).sendKeys(right);
        browser.findElement(By.cssSelector("#new-password button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert.notice")));
        assertThat(browser.findElement(By.cssSelector(".alert.notice")).getText()).contains("New app password saved");
        assertThat(browser.findElement(By.id("connection-status")).getText()).contains("Active")
                .doesNotContain("no longer accepts");
        assertThat(browser.getPageSource()).doesNotContain(right);
        assertThat(secrets.open(connectionStore.sealedSecret(c.id()))).isEqualTo(right);
        assertThat(connectionStore.find(c.id()).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);
    }

    private void signIn(WebDriverWait wait) {
        chromium.signIn(url("/connections"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.urlContains("/connections"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
