package org.gatehouse.core.login;

import java.util.List;

/** A flow definition that cannot work: every problem found, each a sentence for the person editing it. */
public class FlowValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public FlowValidationException(List<String> problems) {
        super("Invalid login flow: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
