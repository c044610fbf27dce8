package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.employee.Employees;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Completing a task from the agenda in a real browser: the htmx post must carry the CSRF token
 * (koppel.js) and swap only the task's row, under the strict Content-Security-Policy.
 */
@OnH2
@InChromium.Window("1280,900")
class AgendaBrowserTest extends InChromium {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");


    @LocalServerPort int port;
    @Autowired Tasks tasks;
    @Autowired Employees employees;
    @Autowired org.koppel.testkit.Samples samples;

    @Test
    void aTaskIsCompletedInPlaceFromTheAgenda() throws IOException {
        long admin = UiUsers.admin(employees).id();
        Task task = tasks.create(new Task(null, null, "Jaarcontract verlengen", LocalDate.of(2020, 3, 2), TaskStatus.OPEN,
                null, TaskPriority.HIGH, null, admin, null, null, null, null), List.of(), Origin.system());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/agenda"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        By row = By.id("task-" + task.id());
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        screenshot("agenda.png");

        // survives only if the row is swapped in place instead of loading a new page
        ((JavascriptExecutor) browser).executeScript("window.koppelPageMarker = 'still here';");
        browser.findElement(row).findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "Completed"));

        assertThat(((JavascriptExecutor) browser).executeScript("return window.koppelPageMarker")).isEqualTo("still here");
        assertThat(browser.findElement(row).findElements(By.cssSelector("button"))).isEmpty();
        assertThat(tasks.find(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aRelationIsPickedByNameIntoTheAppointmentForm() {
        long admin = UiUsers.admin(employees).id();
        var picked = samples.organisation("Bloemisterij Kiesmij", admin);
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        chromium.signIn(url("/appointments/new"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("relation-search")));

        browser.findElement(By.id("relation-search")).sendKeys("Kiesmij");
        By choice = By.cssSelector("[data-add-relation='" + picked.id() + "']");
        wait.until(ExpectedConditions.elementToBeClickable(choice)).click();

        assertThat(browser.findElement(By.id("relationIds")).getAttribute("value")).isEqualTo(picked.id().toString());
        assertThat(browser.findElements(choice)).as("the choices close").isEmpty();
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
