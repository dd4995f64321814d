package dev.verdict.core.config;

/**
 * A function's setting is missing or malformed: its environment disagrees with its code, and INIT cannot go on. The
 * message names the variable and says what is wrong; a stack trace would say nothing more (where the setting is read
 * is not the problem, the environment is), so none is taken, and Lambda's log keeps the message as one line.
 */
public final class ConfigurationError extends IllegalStateException {

    public ConfigurationError(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
