package dev.verdict.site;

import dev.verdict.local.LocalService;
import dev.verdict.localkit.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole local stack (site files from site/, the handlers template.yaml names, one DynamoDB engine) and one headless
 * Chromium, started once for every browser test class in the JVM and stopped when the run ends. A class asks for it
 * as a parameter of its {@code @BeforeAll}, with {@code @ExtendWith(LocalSite.Shared.class)}. Where Chromium is
 * missing, the asking class is skipped and says why.
 *
 * <p>Being shared, what one class does (votes, this browser's voter and notes) is there for the next: each class
 * votes only on tools the others do not read figures of.
 */
record LocalSite(LocalService stack, Browser browser, SamTemplate template) implements ExtensionContext.Store.CloseableResource {

    static final Path ROOT = Path.of(System.getProperty("verdict.root", "..")).toAbsolutePath().normalize();

    String url() {
        return stack.url();
    }

    @Override
    public void close() {
        browser.close();
        stack.close();
    }

    private static LocalSite start() {
        try {
            SamTemplate template = SamTemplate.load(ROOT.resolve("template.yaml"));
            LocalService stack = LocalService.start(new LocalService.Options(null, true, 0, ROOT.resolve("site"), ROOT.resolve("template.yaml")));
            try {
                return new LocalSite(stack, Browser.start(), template);
            } catch (IOException | RuntimeException e) {
                stack.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves a {@code LocalSite} parameter: the one of this run, kept in JUnit's root store, which closes it last. */
    static final class Shared implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LocalSite.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Optional<String> why = Browser.unavailable();
            why.ifPresent(reason -> System.out.println("SKIPPED browser tests: " + reason));
            Assumptions.assumeTrue(why.isEmpty(), () -> why.orElse(""));
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(LocalSite.class, key -> start(), LocalSite.class);
        }
    }
}
