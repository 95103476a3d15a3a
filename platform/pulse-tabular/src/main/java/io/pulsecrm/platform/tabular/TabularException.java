package io.pulsecrm.platform.tabular;

/**
 * A file that cannot be read as asked: {@code field} names what the person can change ({@code encoding},
 * {@code delimiter}, {@code sheet}, or {@code file} itself), the message says what is wrong and what to choose.
 * Services answer it as a 4xx problem.
 */
public class TabularException extends RuntimeException {

    private final String field;

    public TabularException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
