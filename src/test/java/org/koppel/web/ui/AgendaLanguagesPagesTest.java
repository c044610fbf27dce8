package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.agenda.Visibility;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.testkit.LoggedMails;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** The agenda, task and mail pages in Dutch and Italian: their own words, day and month names of the language. */
@OnH2
@AutoConfigureMockMvc
class AgendaLanguagesPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Appointments appointments;
    @Autowired Tasks tasks;
    @Autowired LoggedMails mails;

    @Test
    void theWeekSpeaksDutchAndItalianWithTheLanguagesDayAndMonthNames() throws Exception {
        Employee user = samples.employee("talen", EmployeeRole.USER);
        appointments.create(new Appointment(null, null, "Vakbeurs", false, Instant.parse("2026-12-08T14:00:00Z"),
                Instant.parse("2026-12-10T10:00:00Z"), null, null, "Europe/Amsterdam", null, null, null, Visibility.EVERYONE,
                user.id(), List.of(), null, List.of(), List.of(), List.of(), null, null, null), List.of(), Viewer.system(),
                Origin.system());
        tasks.create(new Task(null, null, "Offerte sturen", LocalDate.of(2020, 1, 6), TaskStatus.OPEN, null,
                TaskPriority.NORMAL, null, user.id(), null, null, null, null), List.of(), Origin.system());

        String nl = page(user, "/agenda?week=2026-12-07", "nl");
        String it = page(user, "/agenda?week=2026-12-07", "it");

        assertThat(nl).contains("Mijn agenda", "dinsdag 8 december", "Vanaf 15:00", "Hele dag", "Tot 11:00",
                "7 december 2026 – 13 december 2026", "‹ Vorige week", "Openstaande taken", "te laat", "Afronden",
                "6 jan 2020").doesNotContain("Previous week", "From 15:00", ">overdue<", "Mark completed");
        assertThat(it).contains("La mia agenda", "martedì 8 dicembre", "Dalle 15:00", "Tutto il giorno", "Fino alle 11:00",
                "7 dicembre 2026 – 13 dicembre 2026", "Attività aperte", "scaduta")
                .doesNotContain("Previous week", "All day");
        assertThat(page(user, "/tasks/new", "nl")).contains("Nieuwe taak", "Opslaan", "Annuleren").doesNotContain(">Save<");
        assertThat(page(user, "/appointments/new", "it")).contains("Nuovo appuntamento", "Con orario", "Dettagli", "Salva");
    }

    @Test
    void aLoggedMailsPageAndTimelineSpeakTheUsersLanguage() throws Exception {
        Employee user = samples.employee("posta", EmployeeRole.USER);
        long anna = samples.person("Anna", null, "Verdi", user.id()).id();
        long id = mails.mail().subject("Offerta").to("bram@client.example", "Bram").text("Ciao")
                .attachment("a.pdf", "application/pdf", new byte[] {1}).attachment("b.pdf", "application/pdf", new byte[] {1})
                .leftOut("huge.zip", 150_000_000, "too large").loggedBy(user.id()).under(anna).log();

        String it = page(user, "/mails/" + id, "it");
        String nl = page(user, "/relations/" + anna, "nl");

        assertThat(it).contains("↘ Ricevuta", "Destinatari", "1 destinatario", "Registrata presso", "Allegati",
                "non conservato: too large", "Sì, elimina questa e-mail").doesNotContain("Recipients", "Yes, delete");
        assertThat(nl).contains("↘ In", "· 3 bijlagen", "Van ", "aan Bram");
    }

    private String page(Employee user, String path, String language) throws Exception {
        var response = mvc.perform(get(path).with(as(user)).header("Accept-Language", language)).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return response.getContentAsString();
    }
}
