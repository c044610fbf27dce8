package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The htmx parts of the relation form in a real browser: finding a contact role's organisation by
 * name and picking it, adding address rows and removing one, and the whole saved at once.
 */
@OnH2
@InChromium.Window("1280,900")
class RelationRowsBrowserTest extends InChromium {

    @LocalServerPort int port;
    @Autowired Relations relations;
    @Autowired Samples samples;

    /** Kept in target/ for a person to look at; not an assertion. */
    private static void screenshot(String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.copy(browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
                    dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aContactRoleAndAddressesAreAddedPickedAndRemovedInTheForm() {
        long manager = samples.employee("rijen");
        Organisation firm = samples.organisation("Rijtjeshuis Makelaars", manager);
        Person person = samples.person("Roel", null, "Rijnders", manager);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn("http://localhost:" + port + "/relations", TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);

        browser.get("http://localhost:" + port + "/relations/" + person.id() + "/edit");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("add-role"))).click();
        var name = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("contactRoles[0].organisationName")));
        name.sendKeys("rijtjes");
        var pick = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#organisation-choices-0 [data-pick-organisation='" + firm.id() + "']")));
        pick.click();
        wait.until(d -> firm.id().toString().equals(
                d.findElement(By.id("contactRoles[0].organisationId")).getDomProperty("value")));
        assertThat(name.getDomProperty("value")).isEqualTo("Rijtjeshuis Makelaars");
        browser.findElement(By.id("contactRoles[0].jobTitle")).sendKeys("Taxateur");

        browser.findElement(By.id("add-address")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("addresses[0].city"))).sendKeys("Gouda");
        browser.findElement(By.id("add-address")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("addresses[1].city"))).sendKeys("Weggooi");
        browser.findElement(By.id("add-address")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("addresses[2].city"))).sendKeys("Delft");
        new Select(browser.findElement(By.id("addresses[2].type"))).selectByValue("INVOICE");
        browser.findElement(By.cssSelector("#address-row-1 [data-remove-row]")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".address-row"), 2));

        screenshot("relation-form-rows.png");
        browser.findElement(By.cssSelector(".form-actions button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert.notice")));
        screenshot("relation-detail-after-rows.png");

        Person stored = (Person) relations.find(RelationKind.PERSON, person.id());
        assertThat(stored.contactRoles()).containsExactly(new ContactRole(firm.id(), null, null, null, "Taxateur"));
        assertThat(stored.addresses()).containsExactly(
                new Address(AddressType.VISITING, null, null, null, "Gouda", null, null),
                new Address(AddressType.INVOICE, null, null, null, "Delft", null, null));
    }
}
