package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.koppel.runtime.FieldMapEditor;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap.RowDirection;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The field-mapping editor in headless Chromium: a direction chosen, a row removed (after the
 * confirmation) and added back, each swapped in by htmx without leaving the page, and a slot mapped
 * twice explained in place. Skipped without Debian's chromium, as RelationBrowserTest explains.
 */
@OnH2
@InChromium.Window("1280,1100")
class FieldMapBrowserTest extends InChromium {

    @LocalServerPort int port;
    @Autowired FieldMapEditor editor;

    @Test
    void aDirectionARemovalAndARowAddedBackAreSwappedInWithoutLeavingThePage() throws java.io.IOException {
        long location = idOf("location");
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // htmx swaps the editor in: an element found just before a swap goes stale, so look again
        wait.ignoring(StaleElementReferenceException.class);
        try {
            chromium.signIn(url("/settings/field-map?type=appointments"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("direction-" + location)));
            ((JavascriptExecutor) browser).executeScript("window.fieldMapMarker = 'same page';");

            new Select(browser.findElement(By.id("direction-" + location))).selectByValue("CRM_TO_PEER");
            wait.until(d -> direction(location) == RowDirection.CRM_TO_PEER);
            wait.until(d -> new Select(d.findElement(By.id("direction-" + location))).getFirstSelectedOption()
                    .getAttribute("value").equals("CRM_TO_PEER"));

            browser.findElement(By.cssSelector("#row-" + location + " button.remove")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("row-" + location)));
            assertThat(editor.rows(DataType.APPOINTMENTS)).noneMatch(r -> r.crmField().equals("location"));

            new Select(browser.findElement(By.id("add-field"))).selectByValue("location");
            browser.findElement(By.cssSelector("form.add-row button[type=submit]")).click();
            wait.until(d -> editor.rows(DataType.APPOINTMENTS).stream().anyMatch(r -> r.crmField().equals("location")));
            long back = idOf("location");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("row-" + back)));
            chromium.screenshot("field-map-appointments.png");

            assertThat(((JavascriptExecutor) browser).executeScript("return window.fieldMapMarker")).as("swapped by htmx")
                    .isEqualTo("same page");
        } finally {
            editor.rows(DataType.APPOINTMENTS).stream().filter(r -> r.crmField().equals("location")).findFirst()
                    .ifPresent(r -> editor.change(DataType.APPOINTMENTS, r.id(), new FieldMapEditor.Change("BOTH", null, null)));
        }
    }

    @Test
    void aSlotMappedTwiceIsExplainedInPlace() throws java.io.IOException {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // htmx swaps the editor in: an element found just before a swap goes stale, so look again
        wait.ignoring(StaleElementReferenceException.class);
        chromium.signIn(url("/settings/field-map"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-role")));
        ((JavascriptExecutor) browser).executeScript("window.fieldMapMarker = 'same page';");

        new Select(browser.findElement(By.id("add-role"))).selectByValue("CONTACT_PERSON");
        new Select(browser.findElement(By.id("add-field"))).selectByValue("comment");
        new Select(browser.findElement(By.id("add-slot"))).selectByValue("tel.work");
        browser.findElement(By.cssSelector("form.add-row button[type=submit]")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#field-map .alert.error"),
                "mapped already for this kind"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.fieldMapMarker")).isEqualTo("same page");
        chromium.screenshot("field-map-contacts.png");
    }

    private long idOf(String crmField) {
        return editor.rows(DataType.APPOINTMENTS).stream().filter(r -> r.crmField().equals(crmField)).findFirst().orElseThrow().id();
    }

    private RowDirection direction(long id) {
        return editor.rows(DataType.APPOINTMENTS).stream().filter(r -> r.id() == id).findFirst().orElseThrow().direction();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
