package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeePreferences;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Preferences;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

/** Which language a page is drawn in, and the account page where an employee chooses it and their time zone. */
@OnH2
@AutoConfigureMockMvc
class LanguagePagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired EmployeePreferences preferences;

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    @Test
    void theSignInPageSpeaksTheBrowsersBestLanguageKoppelHasElseEnglish() throws Exception {
        assertThat(perform(get("/login").header("Accept-Language", "nl-BE,nl;q=0.9,en;q=0.8")).getContentAsString())
                .contains("<html lang=\"nl\"", "Inloggen bij Koppel", "Wachtwoord");
        assertThat(perform(get("/login").header("Accept-Language", "fr-FR,it;q=0.7,en;q=0.5")).getContentAsString())
                .as("French is not there; Italian is wanted before English").contains("<html lang=\"it\"", "Accedi a Koppel");
        assertThat(perform(get("/login").header("Accept-Language", "fr-FR,de;q=0.9")).getContentAsString())
                .contains("<html lang=\"en\"", "Sign in to Koppel");
        assertThat(perform(get("/login").header("Accept-Language", ";;q=bogus")).getContentAsString())
                .contains("<html lang=\"en\"", "Sign in to Koppel");
    }

    @Test
    void theSignInPagesLanguageLinksAreRememberedOnThisBrowserOverItsOwnLanguage() throws Exception {
        var switched = perform(get("/login").param("lang", "it").header("Accept-Language", "nl"));

        assertThat(switched.getContentAsString()).contains("<html lang=\"it\"", "Accedi a Koppel", "href=\"/login?lang=nl\"");
        Cookie remembered = switched.getCookie(KoppelLocales.COOKIE);
        assertThat(remembered).isNotNull();
        assertThat(remembered.getValue()).isEqualTo("it");
        assertThat(perform(get("/login").cookie(remembered).header("Accept-Language", "nl")).getContentAsString())
                .contains("Accedi a Koppel");
        assertThat(perform(get("/login").param("lang", "xx")).getCookie(KoppelLocales.COOKIE))
                .as("a language Koppel does not have is ignored").isNull();
    }

    @Test
    void anEmployeesOwnLanguageWinsOverTheBrowsersAndTheLayoutIsTranslated() throws Exception {
        Employee nina = samples.employee("nina", EmployeeRole.ADMIN);
        preferences.set(nina.id(), new Preferences("nl", null));

        String page = perform(get("/relations").with(as(nina)).header("Accept-Language", "it,en")).getContentAsString();

        assertThat(page).contains("<html lang=\"nl\"", ">Relaties<", ">Medewerkers<", "Ingelogd als <strong>nina</strong>",
                ">Uitloggen<", ">Direct naar de inhoud<", "href=\"#main\"", "<main id=\"main\"");
        assertThat(page).doesNotContain(">Sign out<", "Signed in as");
    }

    @Test
    void theAccountPageStoresTheChoiceAndThePageAfterItIsInTheChosenLanguage() throws Exception {
        Employee omar = samples.employee("omar", EmployeeRole.USER);

        var saved = perform(post("/account/preferences").with(as(omar)).with(csrf())
                .param("language", "it").param("timeZone", "Asia/Tokyo"));

        assertThat(saved.getRedirectedUrl()).isEqualTo("/account?saved");
        assertThat(preferences.of(omar.id())).isEqualTo(new Preferences("it", "Asia/Tokyo"));
        String page = perform(get("/account?saved").with(as(omar))).getContentAsString();
        assertThat(page).contains("<html lang=\"it\"", "Preferenze salvate.", "href=\"/account/password\"")
                .containsPattern("value=\"Asia/Tokyo\"\\s+selected=\"selected\"")
                .containsPattern("value=\"it\" lang=\"it\"\\s+selected=\"selected\"");

        perform(post("/account/preferences").with(as(omar)).with(csrf()).param("language", "").param("timeZone", ""));
        assertThat(preferences.of(omar.id())).as("nothing chosen: browser and default again").isEqualTo(Preferences.none());
    }

    @Test
    void anUnknownZoneComesBackWithASummaryLinkedToTheFieldAndNothingStored() throws Exception {
        Employee pia = samples.employee("pia", EmployeeRole.USER);
        preferences.set(pia.id(), new Preferences("nl", "Europe/Amsterdam"));

        var refused = perform(post("/account/preferences").with(as(pia)).with(csrf())
                .param("language", "nl").param("timeZone", "Mars/Olympus_Mons"));

        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString())
                .contains("class=\"error-summary\"", "role=\"alert\"", "tabindex=\"-1\"", "Controleer het volgende",
                        "href=\"#timeZone\"", "kies een tijdzone uit de lijst")
                .containsPattern("<select id=\"timeZone\" name=\"timeZone\" aria-invalid=\"true\""
                        + " aria-describedby=\"timeZone-hint timeZone-problem-0\"")
                .contains("<p class=\"problem\" id=\"timeZone-problem-0\">kies een tijdzone uit de lijst</p>");
        assertThat(preferences.of(pia.id()).timeZone()).isEqualTo("Europe/Amsterdam");
    }

    @Test
    void thePasswordFormSaysItsProblemsInTheEmployeesLanguageAndTiesThemToTheInputs() throws Exception {
        Employee rosa = samples.employee("rosa", EmployeeRole.USER);
        preferences.set(rosa.id(), new Preferences("nl", null));

        var refused = perform(post("/account/password").with(as(rosa)).with(csrf())
                .param("currentPassword", Samples.password(rosa.login())).param("newPassword", "kort")
                .param("repeatPassword", "anders"));

        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString())
                .contains("Kies een wachtwoord", "moet minstens 10 tekens lang zijn", "is niet hetzelfde als het nieuwe wachtwoord",
                        "href=\"#newPassword\"", "aria-describedby=\"newPassword-hint newPassword-problem-0\"",
                        "aria-invalid=\"true\"");
    }

    @Test
    void aMissingRecordsPageSaysSoInTheReadersLanguage() throws Exception {
        Employee sem = samples.employee("sem", EmployeeRole.USER);
        preferences.set(sem.id(), new Preferences("it", null));

        var missing = perform(get("/relations/987654321").with(as(sem)));

        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getContentAsString()).contains("Non trovato", "987654321 non esiste.", "Torna alle relazioni");
    }
}
