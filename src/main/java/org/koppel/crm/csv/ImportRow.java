package org.koppel.crm.csv;

import java.util.List;

import org.koppel.crm.FieldProblem;

/**
 * What the import did, or would do, with one CSV row. {@code row} is its spreadsheet number (the
 * header is row 1). {@code relationId}: the relation created, or for a duplicate the one it matches.
 */
public record ImportRow(int row, String name, Status status, Long relationId, List<FieldProblem> problems) {

    public enum Status { CREATED, WOULD_CREATE, INVALID, DUPLICATE, FAILED }
}
