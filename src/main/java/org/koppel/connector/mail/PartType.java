package org.koppel.connector.mail;

import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A part's Content-Type, read leniently: what cannot be parsed is read by its leading "type/subtype"
 * alone, and what has not even that as text/plain, as RFC 2045 section 5.2 says to.
 *
 * @param baseType "text/html", lower case
 */
record PartType(String baseType, ContentType parsed, String header) {

    static PartType of(Part part, MailNotes notes) {
        String header;
        try {
            header = part.getContentType();
        } catch (Exception unreadable) {
            header = null;
        }
        if (header == null || header.isBlank()) {
            return new PartType("text/plain", null, "");
        }
        try {
            ContentType type = new ContentType(header);
            return new PartType(type.getBaseType().toLowerCase(Locale.ROOT), type, header);
        } catch (Exception unparsable) {
            String base = header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (base.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")) {
                return new PartType(base, null, header);
            }
            notes.add("the content type " + MailNotes.quote(header) + " could not be read; the part was read as text");
            return new PartType("text/plain", null, header);
        }
    }

    /** The parameter's value; from a header that would not parse, the first {@code name=value} found. */
    String parameter(String name) {
        if (parsed != null) {
            return parsed.getParameter(name);
        }
        Matcher value = Pattern.compile("(?i)(?:^|;)\\s*" + Pattern.quote(name) + "\\s*=\\s*\"?([^\";]*)")
                .matcher(header);
        return value.find() ? value.group(1).strip() : null;
    }

    boolean is(String type) {
        return baseType.equals(type);
    }

    boolean isMultipart() {
        return baseType.startsWith("multipart/");
    }
}
