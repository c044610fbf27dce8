package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Over real HTTP, because error pages are rendered by the servlet container's error dispatch, which MockMvc skips. */
@OnH2
class ErrorPagesTest {

    @LocalServerPort int port;
    @Autowired Samples samples;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void nonAdminGetsAForbiddenPageInTheLookOfTheUi() throws Exception {
        String login = samples.employee("nina", EmployeeRole.USER).login();
        signIn(login, Samples.password(login));

        HttpResponse<String> response = get("/employees");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("No access", "This page needs the admin role", "Signed in as", "nina")
                .doesNotContain("Whitelabel", "href=\"/employees\"");
    }

    @Test
    void unknownAddressGetsANotFoundPage() throws Exception {
        String login = samples.employee("olaf", EmployeeRole.USER).login();
        signIn(login, Samples.password(login));

        HttpResponse<String> response = get("/no-such-page");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("Not found", "There is no page at this address.", "Signed in as");
    }

    private void signIn(String login, String password) throws IOException, InterruptedException {
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get("/login").body());
        assertThat(csrf.find()).isTrue();
        String form = "username=" + encode(login) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).as("the home page").endsWith(":" + port + "/"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
