package dev.verdict.content;

import java.util.List;

/** The catalogue files are wrong; each problem names the file and the field. Nothing has been written. */
public final class CatalogueException extends RuntimeException {

    private final List<String> problems;

    public CatalogueException(List<String> problems) {
        super("the catalogue is invalid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
