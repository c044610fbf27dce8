package org.koppel.connector.carddav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardReader;

/**
 * A strict reading of RFC 2426 / RFC 2425 for what Koppel sends to iCloud and Google: CRLF lines
 * folded at 75 octets, every unfolded line a well-formed content line, VERSION 3.0 right after
 * BEGIN, N and FN present, no 2.1 leftovers, and ez-vcard re-reading it without a single warning.
 */
final class StrictVCard30 {

    private static final String NAME = "[A-Za-z0-9-]+";
    private static final String PARAM_VALUE = "(\"[^\"\\p{Cntrl}]*\"|[^\";:,\\p{Cntrl}]*)";
    private static final Pattern CONTENT_LINE = Pattern.compile(
            "(" + NAME + "\\.)?" + NAME + "(;" + NAME + "=" + PARAM_VALUE + "(," + PARAM_VALUE + ")*)*:[^\\r\\n]*");

    private StrictVCard30() {
    }

    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        if (!text.startsWith("BEGIN:VCARD\r\nVERSION:3.0\r\n")) problems.add("does not start with BEGIN:VCARD, VERSION:3.0");
        if (!text.endsWith("END:VCARD\r\n")) problems.add("does not end with END:VCARD and CRLF");
        if (text.replace("\r\n", "").contains("\n") || text.replace("\r\n", "").contains("\r")) {
            problems.add("a line break that is not CRLF");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) problems.add("not encodable as UTF-8");
        List<String> unfolded = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.getBytes(StandardCharsets.UTF_8).length > 75) problems.add("line longer than 75 octets: " + line);
            if (line.startsWith(" ") || line.startsWith("\t")) {
                unfolded.set(unfolded.size() - 1, unfolded.getLast() + line.substring(1));
            } else {
                unfolded.add(line);
            }
        }
        for (String line : unfolded) {
            if (!CONTENT_LINE.matcher(line).matches()) problems.add("not a content line: " + line);
            String head = line.split(":", 2)[0].toUpperCase();
            if (head.contains("CHARSET=") || head.contains("QUOTED-PRINTABLE") || head.contains("ENCODING=BASE64")) {
                problems.add("vCard 2.1 parameter in 3.0: " + line);
            }
        }
        if (unfolded.stream().noneMatch(line -> line.matches("(?i)(" + NAME + "\\.)?N[;:].*"))) problems.add("no N");
        if (unfolded.stream().noneMatch(line -> line.matches("(?i)(" + NAME + "\\.)?FN[;:].*"))) problems.add("no FN");
        try (VCardReader reader = new VCardReader(text)) {
            VCard card = reader.readNext();
            if (card == null || card.getVersion() != VCardVersion.V3_0) problems.add("ez-vcard does not read it as 3.0");
            reader.getWarnings().forEach(warning -> problems.add("parse warning: " + warning));
        } catch (IOException e) {
            problems.add("unreadable: " + e);
        }
        return problems;
    }
}
