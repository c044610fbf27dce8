package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.testkit.DatabaseInitializers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.ScriptedHttpServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The connection form on Koppel as installed (loopback denied): the URL's problem is shown next to it. */
@OnH2
@AutoConfigureMockMvc
@TestPropertySource(properties = DatabaseInitializers.DEFAULT_OUTBOUND + "=true")
class ConnectionPagesOutboundTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;

    @Test
    void aServerOnLoopbackIsRefusedOnTheFormWithTheReasonAndNothingIsSent() throws Exception {
        var user = samples.employee("marit", EmployeeRole.USER);
        try (ScriptedHttpServer server = ScriptedHttpServer.start()) {
            MockHttpServletResponse response = mvc.perform(post("/connections").param("type", "carddav").param("name", "Phone")
                    .param("url", server.uri("/dav/").toString()).param("username", "marit").param("secret", "pw")
                    .with(as(user)).with(csrf())).andReturn().getResponse();

            assertThat(response.getStatus()).isEqualTo(422);
            assertThat(response.getContentAsString()).containsPattern("(?s)id=\"url\".*?<p class=\"problem\"[^>]*>address 127.0.0.1 "
                    + "is in a network Koppel may not reach \\(loopback\\); an administrator can allow it with KOPPEL_OUTBOUND_ALLOW");
            assertThat(server.requests()).isEmpty();
        }
    }
}
