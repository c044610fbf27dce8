package org.koppel.web.ui;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.testkit.Api;
import org.koppel.testkit.LoggedMails;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.boot.test.context.TestComponent;

/**
 * The data the page tour and the screenshots show: relations of every kind, a group, a custom field,
 * an appointment and a task this week, a logged mail, a connection with a run. Seeded through the
 * services and the API as a user would. {@code mark} surrounds every text a person typed (names,
 * subjects), so the tour can tell data from text the page itself wrote ("" for the screenshots).
 * A test class that uses it imports it ({@code @Import(TourData.class)}).
 */
@TestComponent
class TourData {

    record Seeded(Employee admin, long organisation, long person, long lead, long connection) {
    }

    private final Employees employees;
    private final Samples samples;
    private final LoggedMails mails;
    private final Connections connections;
    private final SyncRunner runner;
    private final Clock clock;

    TourData(Employees employees, Samples samples, LoggedMails mails, Connections connections, SyncRunner runner,
             Clock clock) {
        this.employees = employees;
        this.samples = samples;
        this.mails = mails;
        this.connections = connections;
        this.runner = runner;
        this.clock = clock;
    }

    Seeded seed(String mark, int port) {
        Employee admin = employees.all().stream().filter(e -> e.login().equals(TestUsers.ADMIN)).findFirst().orElseThrow();
        admin = employees.update(admin.id(), admin.version(), new Employee(admin.id(), admin.version(), admin.login(),
                marked(mark, "Anna de Beheerder"), List.of("anna@koppel.test"), EmployeeRole.ADMIN, true, null, null, null),
                Origin.system());
        employees.create(new Employee(null, null, "bea", marked(mark, "Bea Verkoop"), List.of("bea@koppel.test"),
                EmployeeRole.USER, true, null, null, null), "password-bea-1234", false, Origin.system());
        var api = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);

        long organisation = samples.organisation(marked(mark, "Bakkerij De Korenschoof"), admin.id()).id();
        long person = samples.person(marked(mark, "Anouk"), null, marked(mark, "de Vries"), admin.id()).id();
        long lead = created(api.post("/api/v1/leads", "{\"companyName\": \"%s\", \"managerId\": %d}"
                .formatted(marked(mark, "Prospect Drukwerk BV"), admin.id()))).id();
        created(api.post("/api/v1/groups", "{\"name\": \"%s\", \"mainGroup\": \"%s\", \"ownerId\": %d, \"public\": true, \"memberIds\": [%d]}"
                .formatted(marked(mark, "Nieuwsbrief"), marked(mark, "Marketing"), admin.id(), person)));
        created(api.post("/api/v1/custom-fields", "{\"recordType\": \"person\", \"key\": \"shoeSize\", \"label\": \"%s\", \"type\": \"text\"}"
                .formatted(marked(mark, "Schoenmaat"))));

        ZoneId amsterdam = ZoneId.of("Europe/Amsterdam");
        LocalDate tomorrow = LocalDate.now(clock.withZone(amsterdam)).plusDays(1);
        var at = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        created(api.post("/api/v1/appointments", """
                {"subject": "%s", "start": "%s", "end": "%s", "timeZone": "Europe/Amsterdam", "location": "%s",
                 "organiserId": %d, "relationIds": [%d]}""".formatted(marked(mark, "Kwartaaloverleg"),
                at.format(tomorrow.atTime(10, 0).atZone(amsterdam)), at.format(tomorrow.atTime(11, 0).atZone(amsterdam)),
                marked(mark, "Damrak 1, Amsterdam"), admin.id(), person)));
        created(api.post("/api/v1/tasks", "{\"subject\": \"%s\", \"dueDate\": \"%s\", \"responsibleId\": %d, \"relationId\": %d}"
                .formatted(marked(mark, "Offerte sturen"), tomorrow.plusDays(1), admin.id(), organisation)));

        mails.mail().subject(marked(mark, "Offerte broodbakken")).from("anouk@example.nl", marked(mark, "Anouk de Vries"))
                .to("anna@koppel.test", marked(mark, "Anna")).text(marked(mark, "Beste Anna, hierbij de offerte."))
                .sentAt(clock.instant().minusSeconds(86_400)).under(person).log();

        var connection = connections.create("memory", marked(mark, "Adresboek telefoon"), Map.of(), "app-password-4711",
                UiUsers.principal(admin));
        runner.run(connection.id(), "sync-now");
        return new Seeded(admin, organisation, person, lead, connection.id());
    }

    private static Api.Response created(Api.Response response) {
        if (response.status() != 201 && response.status() != 200) {
            throw new IllegalStateException("seeding the tour's data failed: " + response.status() + " " + response.body());
        }
        return response;
    }

    private static String marked(String mark, String text) {
        return mark + text + mark;
    }
}
