package org.koppel.web.api;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;

/**
 * Reads a JSON body into its record type without stopping at the first value that does not fit.
 * An impossible date, a wrong type or an unknown field becomes a {@link FieldProblem} and the
 * field is read as absent, so the write path can check the rest and refuse the body with every
 * problem at once (issue 10: an impossible birth date used to hide a missing last name).
 */
@Component
class LenientBody {

    /** A body with more unreadable values than this is refused with these; the rest add nothing a client needs. */
    static final int MAX_PROBLEMS = 200;

    /** A value read as far as it could be, and what could not be read. */
    record Read<T>(T value, List<FieldProblem> problems) {
    }

    private final ObjectMapper json;

    /**
     * Jackson's defaults would read a number as the date that many days after 1970, and a date with
     * a time as the date alone; the API takes dates as yyyy-mm-dd only, or "" for none as before.
     */
    LenientBody(ObjectMapper json) {
        this.json = json.rebuild()
                .withConfigOverride(LocalDate.class, date -> date.setFormat(JsonFormat.Value.forLeniency(false)))
                .build();
    }

    <T> Read<T> read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) throw new InvalidInputException("body", "must be a JSON object");
        var collector = new Collector();
        // Jackson's defaults would read 1.9 as id 1 and a number as the enum constant at that position
        var reader = json.readerFor(type).with(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT).withHandler(collector);
        try {
            T value = reader.readValue(body);
            return new Read<>(value, List.copyOf(collector.problems));
        } catch (JacksonException e) {
            // what no handler hears of (a fraction where a whole number belongs) ends the reading
            var problems = new ArrayList<>(collector.problems);
            problems.add(ApiErrors.problemOf(e));
            throw new InvalidInputException(problems);
        }
    }

    private static final class Collector extends DeserializationProblemHandler {

        private final List<FieldProblem> problems = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) {
            add(path(p), "is not a known field");
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String message) {
            if (root(ctxt.getParser())) return NOT_HANDLED;
            add(path(ctxt.getParser()), "'" + value + "' is not a valid " + ApiErrors.typeName(targetType));
            return absent(targetType);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String message) {
            if (root(ctxt.getParser())) return NOT_HANDLED;
            add(path(ctxt.getParser()), "'" + value + "' is not a valid " + ApiErrors.typeName(targetType));
            return absent(targetType);
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token, JsonParser p,
                                            String message) {
            if (root(p)) return NOT_HANDLED;
            // "" for no date, as a lenient date was read (see the constructor)
            if (targetType.getRawClass() == LocalDate.class && p.getString().isEmpty()) return null;
            add(path(p), "must be " + ApiErrors.typeName(targetType.getRawClass()));
            p.skipChildren();
            return absent(targetType.getRawClass());
        }

        @Override
        public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
                                                 Throwable t) {
            if (root(ctxt.getParser())) return NOT_HANDLED;
            add(path(ctxt.getParser()), ApiErrors.reason(t));
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                                ValueInstantiator instantiator, JsonParser p,
                                                String message) {
            if (root(p)) return NOT_HANDLED;
            add(path(p), "must be " + ApiErrors.typeName(instClass));
            p.skipChildren();
            return null;
        }

        private void add(String field, String reason) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new FieldProblem(field, reason));
            } else if (problems.size() == MAX_PROBLEMS) {
                problems.add(new FieldProblem("body", "has more than " + MAX_PROBLEMS + " unreadable values; the first "
                        + MAX_PROBLEMS + " are listed"));
            }
        }

        /** The body itself is not the record (an array, a number): nothing to read leniently. */
        private static boolean root(JsonParser p) {
            return path(p).equals("body");
        }

        /** The JSON path of the value the parser is at, as ApiErrors names fields: {@code contactRoles[0].email}. */
        static String path(JsonParser p) {
            var parts = new ArrayDeque<String>();
            for (TokenStreamContext c = p.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inObject() && c.currentName() != null) parts.push("." + c.currentName());
                else if (c.inArray() && c.hasCurrentIndex()) parts.push("[" + c.getCurrentIndex() + "]");
            }
            String path = String.join("", parts);
            if (path.startsWith(".")) path = path.substring(1);
            return path.isEmpty() ? "body" : path;
        }

        /** What an unreadable value is read as: absent, or the default of a primitive. */
        private static Object absent(Class<?> type) {
            if (type == boolean.class) return false;
            if (type == long.class) return 0L;
            if (type == int.class) return 0;
            if (type == double.class) return 0.0;
            return null;
        }
    }
}
