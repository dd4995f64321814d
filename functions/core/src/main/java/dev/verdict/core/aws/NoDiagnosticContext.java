package dev.verdict.core.aws;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultDiagnosticInfoPopulator;
import io.micronaut.function.aws.DiagnosticInfoPopulator;
import jakarta.inject.Singleton;

/**
 * Skips copying the request id, function name and X-Ray trace id into the SLF4J MDC on every invocation: we log
 * through java.util.logging to stdout, where Lambda's JSON log format already stamps each line with the request id.
 */
@Singleton
@Replaces(DefaultDiagnosticInfoPopulator.class)
final class NoDiagnosticContext implements DiagnosticInfoPopulator {

    @Override
    public void populateMappingDiagnosticContextValues(Context context) {
        // nothing to copy: see the class comment
    }

    @Override
    public void populateMappingDiagnosticContextWithXrayTraceId() {
        // nothing to copy: see the class comment
    }
}
