package org.koppel.web.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The record a {@code JsonNode} body is read into by {@link LenientBody}, so the OpenAPI document
 * still shows the body's fields (see OpenApiConfig).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface ReadAs {
    Class<?> value();
}
