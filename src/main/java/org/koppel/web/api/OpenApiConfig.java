package org.koppel.web.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and how clients sign in. */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI koppelOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Koppel API").version("v1")
                        .description("CRM relations store: organisations, persons, leads, employees, groups, custom fields "
                                + "and the change log. Versions travel as ETag / If-Match; errors are RFC 9457 problem+json.")
                        .license(new License().name("open source")))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("a personal API token (kp_...) from POST /api/v1/me/tokens")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
