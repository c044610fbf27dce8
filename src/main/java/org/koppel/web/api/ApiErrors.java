package org.koppel.web.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.StaleVersionException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every API error as RFC 9457 problem+json. Input problems are listed in {@code errors}, each
 * with the field (a JSON path like {@code contactRoles[0].email}) and a reason a person can act on.
 */
@RestControllerAdvice(basePackages = "org.koppel.web.api")
class ApiErrors {

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        return invalid(e.problems());
    }

    /** Well-formed input the current state cannot take (nothing to import yet, a former relation to link): 422. */
    @ExceptionHandler(org.koppel.crm.UnprocessableException.class)
    ResponseEntity<ProblemDetail> unprocessable(org.koppel.crm.UnprocessableException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Cannot be done now");
        problem.setProperty("errors", e.problems());
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof JacksonException) && !(cause instanceof BodyTooLargeException)) {
            cause = cause.getCause();
        }
        if (cause instanceof BodyTooLargeException tooLarge) return tooLarge(tooLarge);
        if (cause == null) return invalid(List.of(new FieldProblem("body", "is missing or unreadable")));
        return invalid(List.of(problemOf((JacksonException) cause)));
    }

    /** From reading a merge-patched record back into its type. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ProblemDetail> unmappable(JacksonException e) {
        return invalid(List.of(problemOf(e)));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setProperty("errors", List.of(new FieldProblem("body", e.getMessage())));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        return invalid(List.of(new FieldProblem(e.getName(), "'" + e.getValue() + "' is not a valid "
                + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName().toLowerCase()))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return invalid(List.of(new FieldProblem(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return status(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return status(HttpStatus.NOT_FOUND, "no such API resource: /" + e.getResourcePath());
    }

    /** 412 when the version came as If-Match, 409 when it came in the body. */
    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e, HttpServletRequest request) {
        HttpStatus status = request.getHeader(HttpHeaders.IF_MATCH) != null ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT;
        var response = status(status, e.getMessage());
        response.getBody().setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(status).eTag(ETags.of(e.currentVersion())).body(response.getBody());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        return status(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        return status(HttpStatus.CONFLICT, "the change conflicts with a change made at the same time; reload and try again");
    }

    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(org.springframework.security.access.AccessDeniedException e) {
        return status(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON (Content-Type: application/json)");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return status(HttpStatus.METHOD_NOT_ALLOWED, e.getMessage());
    }

    static FieldProblem problemOf(JacksonException e) {
        String field = path(e);
        return switch (e) {
            case UnrecognizedPropertyException u -> new FieldProblem(field, "is not a known field");
            case InvalidFormatException f -> new FieldProblem(field, "'" + f.getValue() + "' is not a valid "
                    + typeName(f.getTargetType()));
            case MismatchedInputException m -> new FieldProblem(field, m.getTargetType() == null
                    ? "has the wrong type" : "must be " + typeName(m.getTargetType()));
            case StreamReadException r -> new FieldProblem("body", "is not valid JSON: " + r.getOriginalMessage());
            case DatabindException d when d.getCause() != null -> new FieldProblem(field, reason(d.getCause()));
            default -> new FieldProblem(field, e.getOriginalMessage());
        };
    }

    static String reason(Throwable cause) {
        if (cause instanceof java.time.format.DateTimeParseException) return "is not a valid date (expected yyyy-mm-dd)";
        return cause.getMessage();
    }

    static String typeName(Class<?> type) {
        if (type == null) return "value";
        if (type == java.time.LocalDate.class) return "date (expected yyyy-mm-dd)";
        if (type == java.time.Instant.class) return "instant (expected ISO-8601 with an offset, like 2026-12-03T09:00:00+01:00)";
        if (type.isEnum()) {
            return "value (one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase()).toList() + ")";
        }
        if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) return "number";
        if (type == boolean.class || type == Boolean.class) return "boolean (true or false)";
        if (type == String.class) return "text";
        if (java.util.Collection.class.isAssignableFrom(type)) return "list";
        if (Map.class.isAssignableFrom(type)) return "object";
        return "value";
    }

    private static String path(JacksonException e) {
        var path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static ResponseEntity<ProblemDetail> invalid(List<FieldProblem> problems) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, InvalidInputException.summary(problems));
        problem.setTitle("Invalid input");
        problem.setType(URI.create("https://koppel.example/problems/invalid-input"));
        problem.setProperty("errors", problems);
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<ProblemDetail> status(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
