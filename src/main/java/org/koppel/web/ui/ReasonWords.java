package org.koppel.web.ui;

import org.koppel.crm.FieldProblem;
import org.springframework.stereotype.Component;

/** For templates that list problems themselves (an import's rows): {@code ${@reasons.of(problem)}}. */
@Component("reasons")
public class ReasonWords {

    public String of(FieldProblem problem) {
        return FormProblems.words(problem);
    }
}
