package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The relations area's pages in Dutch and Italian: every text comes from the bundles (no missing
 * key, shown by Thymeleaf as ??key??) and the words are the language asked for.
 */
@OnH2
@AutoConfigureMockMvc
class RelationLanguagesPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired Employees employees;

    @Test
    void relationPagesAndFormsSpeakDutchAndItalian() throws Exception {
        Employee user = samples.employee("talen", EmployeeRole.USER);
        Organisation firm = samples.organisation("Taalbureau", user.id());
        Person person = (Person) relations.create(new Person(null, null, null, "Tess", null, null, "Taal", null, null,
                null, null, null, null, List.of(new ContactRole(firm.id(), "tess@taal.nl", null, null, "Tolk")), null,
                user.id(), List.of(), false, List.of(), List.of(new Address(AddressType.POSTAL, "Kade", "1", null,
                "Leiden", null, "NL")), null, Map.of(), null, null, null), Origin.system());
        Lead lead = (Lead) relations.create(new Lead(null, null, "Leadtaal BV", null, null, "Lead", null, null, null,
                null, null, null, user.id(), List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null),
                Origin.system());
        List<String> pages = List.of("/relations/" + person.id(), "/relations/" + person.id() + "/edit",
                "/relations/" + firm.id(), "/relations/" + lead.id(), "/relations/new?kind=organisation", "/groups");

        for (String path : pages) {
            String nl = page(path, Locale.forLanguageTag("nl"), user);
            String it = page(path, Locale.ITALIAN, user);
            assertThat(nl).as(path).doesNotContain("??").doesNotContain(">Edit<", ">Addresses<", ">Save changes<");
            assertThat(it).as(path).doesNotContain("??").doesNotContain(">Edit<", ">Addresses<", ">Save changes<");
        }
        assertThat(page("/relations/" + person.id(), Locale.forLanguageTag("nl"), user))
                .contains(">Bewerken<", ">Adressen<", ">Postadres<", ">Contactpersoonrollen<");
        assertThat(page("/relations/" + person.id() + "/edit", Locale.ITALIAN, user))
                .contains(">Aggiungi un indirizzo<", ">Ruolo di contatto 1<", ">Salva<", ">Indirizzo postale<");
        assertThat(page("/relations/" + lead.id(), Locale.forLanguageTag("nl"), user)).contains(">Deze lead omzetten<");
    }

    @Test
    void adminPagesSpeakDutchAndItalian() throws Exception {
        Employee admin = UiUsers.admin(employees);
        for (String path : List.of("/employees", "/employees/" + admin.id(), "/custom-fields")) {
            assertThat(page(path, Locale.forLanguageTag("nl"), admin)).as(path).doesNotContain("??");
            assertThat(page(path, Locale.ITALIAN, admin)).as(path).doesNotContain("??");
        }
        assertThat(page("/employees/" + admin.id(), Locale.forLanguageTag("nl"), admin))
                .contains(">Wachtwoord instellen<", ">Beheerder<");
        assertThat(page("/custom-fields", Locale.ITALIAN, admin)).contains(">Aggiungi un campo personalizzato<",
                ">Elenco di scelta<");
    }

    private String page(String path, Locale locale, Employee user) throws Exception {
        var response = mvc.perform(get(path).locale(locale).header("Accept-Language", locale.toLanguageTag())
                .with(as(user)).with(csrf())).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return response.getContentAsString();
    }
}
