package org.koppel.crm.csv;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.koppel.crm.InvalidInputException;

/**
 * An uploaded CSV file read whole: its header and rows. UTF-8 only (with or without the BOM Excel
 * writes); the separator is the one the header line uses most: Excel in Dutch and Italian writes
 * {@code ;}, in English {@code ,}; tab too. Quoted cells may hold separators and line breaks.
 */
public record CsvFile(List<String> header, List<List<String>> rows) {

    public static final int MAX_BYTES = 1_048_576;

    /** What is wrong with the file as a whole (field {@code file}); the kind lets a page say it in its language. */
    public static final class Problem extends InvalidInputException {

        public enum Kind { TOO_BIG, TOO_MANY_ROWS, NOT_UTF8, EMPTY, UNREADABLE }

        private final Kind kind;

        Problem(Kind kind, String reason) {
            super("file", reason);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
    public static final int MAX_ROWS = 5_000;

    public static CsvFile read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new Problem(Problem.Kind.TOO_BIG, "is " + bytes.length + " bytes; at most " + MAX_BYTES
                    + " bytes (1 MB) are imported at once: split the file");
        }
        String text = utf8(bytes);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.isBlank()) throw new Problem(Problem.Kind.EMPTY, "is empty: the first line should name the columns");
        char separator = separator(text);
        var all = new ArrayList<List<String>>();
        try (var parser = CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreEmptyLines(true).get()
                .parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                if (all.size() > MAX_ROWS) {
                    throw new Problem(Problem.Kind.TOO_MANY_ROWS, "has more than " + MAX_ROWS + " rows; at most "
                            + MAX_ROWS + " are imported at once: split the file");
                }
                var cells = new ArrayList<String>();
                record.forEach(cells::add);
                all.add(cells);
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new Problem(Problem.Kind.UNREADABLE, "is not readable as CSV: " + e.getMessage());
        }
        List<String> header = all.getFirst().stream().map(String::strip).toList();
        return new CsvFile(header, List.copyOf(all.subList(1, all.size())));
    }

    /** Row {@code index} (0-based among the data rows) as a spreadsheet numbers it: the header is row 1. */
    public static int rowNumber(int index) {
        return index + 2;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Problem(Problem.Kind.NOT_UTF8, "is not UTF-8 text; in Excel save it as \"CSV UTF-8\"");
        }
    }

    private static char separator(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long bestCount = first.chars().filter(c -> c == ',').count();
        for (char candidate : new char[] {';', '\t'}) {
            long count = first.chars().filter(c -> c == candidate).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }
}
