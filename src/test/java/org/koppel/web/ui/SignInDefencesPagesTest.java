package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The sign-in page's defences: throttled guessing, the session cookie, the Content-Security-Policy, https behind a proxy. */
@OnH2
@AutoConfigureMockMvc
class SignInDefencesPagesTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void fiveWrongPasswordsMakeTheLoginWaitAndThePageSaysHowLong() throws Exception {
        Employee user = samples.employee("guessed", EmployeeRole.USER);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(user.login(), "wrong-password", from(address())).getRedirectedUrl()).isEqualTo("/login?error");
        }

        MockHttpServletResponse refused = signIn(user.login(), Samples.password(user.login()), from(address()));

        assertThat(refused.getRedirectedUrl()).as("even the right password").isEqualTo("/login?throttled=1");
        String page = mvc.perform(get("/login").param("throttled", "1")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Too many failed sign-ins. Try again in 1 minute.");
        assertThat(mvc.perform(get("/login").param("throttled", "<b>soon</b>")).andReturn().getResponse()
                .getContentAsString()).as("only a number is shown").doesNotContain("soon", "Too many");
    }

    @Test
    void twentyWrongPasswordsFromOneAddressMakeThatAddressWait() throws Exception {
        Employee user = samples.employee("bystander", EmployeeRole.USER);
        String address = address();
        for (int i = 0; i < 20; i++) signIn("guess-" + i + "-" + user.login(), "guess", from(address));

        assertThat(signIn(user.login(), Samples.password(user.login()), from(address)).getRedirectedUrl())
                .isEqualTo("/login?throttled=1");
        assertThat(signIn(user.login(), Samples.password(user.login()), from(address())).getRedirectedUrl())
                .as("from another address").isEqualTo("/");
    }

    /** A session someone else got hold of must not find out its password by guessing on the password page. */
    @Test
    void theCurrentPasswordOnThePasswordPageIsThrottledLikeASignIn() throws Exception {
        Employee user = samples.employee("unattended", EmployeeRole.USER);
        String address = address();
        var session = (MockHttpSession) mvc.perform(post("/login").with(csrf()).with(from(address))
                        .param("username", user.login()).param("password", Samples.password(user.login())))
                .andReturn().getRequest().getSession(false);
        for (int i = 0; i < 5; i++) {
            assertThat(changePassword(session, address, "guess-" + i).getStatus()).as("guess %d", i + 1).isEqualTo(422);
        }

        MockHttpServletResponse refused = changePassword(session, address, Samples.password(user.login()));

        assertThat(refused.getStatus()).as("even the right password").isEqualTo(429);
        assertThat(refused.getContentAsString()).contains("Too many wrong passwords");
        assertThat(signIn(user.login(), Samples.password(user.login()), from(address())).getRedirectedUrl())
                .as("the password is unchanged, and the login waits").isEqualTo("/login?throttled=1");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        Employee user = samples.employee("forged", EmployeeRole.USER);

        MockHttpServletResponse forged = mvc.perform(post("/login").with(from(address()))
                .param("username", user.login()).param("password", Samples.password(user.login()))).andReturn().getResponse();

        assertThat(forged.getStatus()).as("a cross-site form cannot sign anyone in").isEqualTo(403);
        assertThat(forged.getRedirectedUrl()).isNull();
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndCannotBeFramed() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(url("/login")));

        String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(login.body()).contains("<meta name=\"htmx-config\"").contains("\"includeIndicatorStyles\": false");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndSecureOnlyOverHttps() throws Exception {
        String plain = sessionCookie(send(HttpRequest.newBuilder(url("/login"))));
        assertThat(plain).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .doesNotContainIgnoringCase("Secure");

        String proxied = sessionCookie(send(HttpRequest.newBuilder(url("/login")).header("X-Forwarded-Proto", "https")));
        assertThat(proxied).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void behindAnHttpsProxyRedirectsStayOnHttps() throws Exception {
        HttpResponse<String> redirect = send(HttpRequest.newBuilder(url("/relations")).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "crm.example.nl"));

        assertThat(redirect.statusCode()).isEqualTo(302);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        URI seenByBrowser = URI.create("https://crm.example.nl/relations").resolve(location);
        assertThat(seenByBrowser).hasScheme("https").hasHost("crm.example.nl").hasPath("/login");
    }

    /** The policy allows no inline script, style or event handler: a template with one would break in browsers. */
    @Test
    void noTemplateHasInlineScriptStyleOrEventHandlers() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            List<Path> templates = files.filter(p -> p.toString().endsWith(".html")).toList();
            assertThat(templates).isNotEmpty();
            for (Path template : templates) {
                String html = Files.readString(template);
                assertThat(html).as(template.toString())
                        .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                        .doesNotContainPattern("<style[\\s>]")
                        .doesNotContainPattern("\\sstyle=")
                        .doesNotContainPattern("\\s(th:)?on[a-z]+=")
                        .doesNotContainPattern("\\shx-on")
                        .doesNotContain("javascript:");
            }
        }
    }

    private MockHttpServletResponse signIn(String login, String password, RequestPostProcessor from) throws Exception {
        return mvc.perform(post("/login").with(csrf()).with(from).param("username", login).param("password", password))
                .andReturn().getResponse();
    }

    private MockHttpServletResponse changePassword(MockHttpSession session, String address, String current) throws Exception {
        return mvc.perform(post("/account/password").session(session).with(csrf()).with(from(address))
                .param("currentPassword", current).param("newPassword", "a-new-password-123")
                .param("repeatPassword", "a-new-password-123")).andReturn().getResponse();
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** A fresh address per use (TEST-NET-3 and beyond), so one test's failures never throttle another. */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "203.0." + (113 + n / 250) + "." + (n % 250 + 1);
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }
}
