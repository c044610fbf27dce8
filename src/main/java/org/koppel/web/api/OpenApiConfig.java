package org.koppel.web.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.core.converter.ModelConverters;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

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

    /**
     * Bodies read leniently arrive as {@code JsonNode} (see LenientBody); the document shows the
     * record they are read into: {@link ReadAs}, or a relation resource's own type.
     */
    @Bean
    OperationCustomizer bodiesReadLeniently() {
        return (operation, handler) -> {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) return operation;
            Class<?> type = readAs(handler);
            if (type == null) return operation;
            var schemas = ModelConverters.getInstance().readAllAsResolvedSchema(type);
            if (schemas == null || schemas.schema == null) return operation;
            operation.getRequestBody().getContent().values().forEach(media -> media.setSchema(schemas.schema));
            return operation;
        };
    }

    private static Class<?> readAs(HandlerMethod handler) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            ReadAs readAs = parameter.getParameterAnnotation(ReadAs.class);
            if (readAs != null) return readAs.value();
            if (parameter.hasParameterAnnotation(RequestBody.class)
                    && RelationApi.class.isAssignableFrom(handler.getBeanType())) {
                return ResolvableType.forClass(handler.getBeanType()).as(RelationApi.class).getGeneric(0).resolve();
            }
        }
        return null;
    }
}
