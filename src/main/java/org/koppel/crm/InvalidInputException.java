package org.koppel.crm;

import java.util.List;
import java.util.stream.Collectors;

/** Input that cannot be stored as given. Thrown before anything is written. */
public class InvalidInputException extends RuntimeException {

    /** How many problems the one-line summary names; every one is listed in {@link #problems()}. */
    static final int SUMMARY_PROBLEMS = 20;

    private final List<FieldProblem> problems;

    public InvalidInputException(List<FieldProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String field, String reason) {
        this(List.of(new FieldProblem(field, reason)));
    }

    /**
     * The first few problems in one line. Joined once, never concatenated pair by pair: that made
     * 100,000 problems cost 95 s of CPU (issue 10).
     */
    public static String summary(List<FieldProblem> problems) {
        if (problems.isEmpty()) return "invalid input";
        String first = problems.stream().limit(SUMMARY_PROBLEMS).map(p -> p.field() + ": " + p.reason())
                .collect(Collectors.joining("; "));
        int more = problems.size() - SUMMARY_PROBLEMS;
        return more > 0 ? first + "; and " + more + " more" : first;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
