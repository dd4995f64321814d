import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * The scores of a mutation run (mvn -B verify -Pmutation), read from each function module's
 * target/pit-reports/mutations.xml:
 *
 * <pre>
 *   java infra/mutation/MutationScores.java            # the table
 *   java infra/mutation/MutationScores.java survivors  # the table, then every mutant no test detected
 * </pre>
 *
 * A module's score counts the mutants of its own package (dev.verdict.votes for functions/votes) that its tests
 * detected. functions/core is mutated in every module's run; its score counts a core mutant as detected when the tests
 * of any module detected it (core is what they all run on), and the same mutant is counted once. Which mutants core
 * has is its own run's list when there is one: it mutates every core class as the code stands.
 */
public class MutationScores {

    /** Each module mutated by the profile, and where it is; content's tests count for core (its write mapping). */
    static final Map<String, String> MODULES = mapOf("core", "functions/core", "comparisons", "functions/comparisons",
            "votes", "functions/votes", "aggregates", "functions/aggregates", "signups", "functions/signups",
            "content", "content");

    private static Map<String, String> mapOf(String... namesAndPaths) {
        Map<String, String> modules = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            modules.put(namesAndPaths[i], namesAndPaths[i + 1]);
        }
        return modules;
    }

    record Mutant(String module, String clazz, String method, String line, String mutator, String indexes,
                  String description, String status, boolean detected) {

        String identity() {
            return clazz + "|" + method + "|" + line + "|" + mutator + "|" + indexes;
        }
    }

    /**
     * Of one core mutant as two runs saw it: the detected one, else the one some test ran (SURVIVED says more than
     * NO_COVERAGE about what is left to test).
     */
    static Mutant better(Mutant a, Mutant b) {
        if (a.detected() != b.detected()) {
            return a.detected() ? a : b;
        }
        return a.status().equals("NO_COVERAGE") ? b : a;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        Map<String, List<Mutant>> own = new LinkedHashMap<>();
        Map<String, Mutant> core = new TreeMap<>();
        for (String module : MODULES.keySet()) {
            Path xml = root.resolve(MODULES.get(module) + "/target/pit-reports/mutations.xml");
            if (!Files.exists(xml)) {
                System.out.printf("%-12s no report (%s)%n", module, xml);
                continue;
            }
            for (Mutant m : read(module, xml)) {
                if (m.clazz().startsWith("dev.verdict.core.")) {
                    core.merge(m.identity(), m, MutationScores::better);
                }
                if (m.clazz().startsWith("dev.verdict." + module + ".")) {
                    own.computeIfAbsent(module, k -> new ArrayList<>()).add(m);
                }
            }
        }
        // Core's own run mutates every core class, so its mutants are core's as the code stands; a module's report
        // from before a core change (its lines moved) adds detections only for mutants that still exist.
        List<Mutant> coreOwn = own.get("core");
        if (coreOwn != null) {
            var current = coreOwn.stream().map(Mutant::identity).collect(java.util.stream.Collectors.toSet());
            core.keySet().retainAll(current);
        }
        own.put("core", new ArrayList<>(core.values()));
        System.out.printf("%-12s %8s %8s %7s%n", "module", "detected", "mutants", "score");
        for (String module : MODULES.keySet()) {
            List<Mutant> mutants = own.getOrDefault(module, List.of());
            long detected = mutants.stream().filter(Mutant::detected).count();
            System.out.printf("%-12s %8d %8d %6.1f%%%s%n", module, detected, mutants.size(),
                    mutants.isEmpty() ? 0.0 : 100.0 * detected / mutants.size(),
                    module.equals("core") ? "  (through every module's tests)" : "");
        }
        if (args.length > 0 && args[0].equals("survivors")) {
            for (String module : MODULES.keySet()) {
                for (Mutant m : own.getOrDefault(module, List.of())) {
                    if (!m.detected()) {
                        System.out.printf("%s %s.%s:%s %s [%s]%n", m.status(),
                                m.clazz().substring(m.clazz().lastIndexOf('.') + 1), m.method(), m.line(),
                                m.description(), module.equals("core") ? "core" : m.module());
                    }
                }
            }
        }
    }

    static List<Mutant> read(String module, Path xml) throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        var nodes = document.getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            mutants.add(new Mutant(module, text(e, "mutatedClass"), text(e, "mutatedMethod"), text(e, "lineNumber"),
                    text(e, "mutator"), text(e, "indexes"), text(e, "description"), e.getAttribute("status"),
                    Boolean.parseBoolean(e.getAttribute("detected"))));
        }
        return mutants;
    }

    static String text(Element parent, String tag) {
        var found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }
}
