package org.koppel.crm;

import java.util.List;

/**
 * Input that is well-formed but cannot be carried out in the present state (an import queue with
 * nothing chosen, a former relation to link a card to): answered 422, with the field it concerns.
 */
public class UnprocessableException extends InvalidInputException {

    public UnprocessableException(String field, String reason) {
        super(List.of(new FieldProblem(field, reason)));
    }
}
