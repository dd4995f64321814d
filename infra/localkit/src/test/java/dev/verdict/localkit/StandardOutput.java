package dev.verdict.localkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What code prints to standard output while it runs: where a function's log lines and its EMF metrics go on Lambda. */
public final class StandardOutput {

    private StandardOutput() {
    }

    /** The lines {@code action} printed to standard output; the JVM's own stream is put back however it ends. */
    public static List<String> linesPrintedBy(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
