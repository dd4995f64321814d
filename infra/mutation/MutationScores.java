import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * The scores of a mutation run (mvn -B verify -Pmutation), read from each run's target/pit-reports/mutations.xml:
 *
 * <pre>
 *   java infra/mutation/MutationScores.java            # the table
 *   java infra/mutation/MutationScores.java survivors  # the table, then every mutant no test detected
 * </pre>
 *
 * A module's score counts the mutants of its own package (dev.verdict.votes for functions/votes) that the tests
 * detected. The mutants of functions/core and functions/mail, the code the functions share, are made in
 * infra/mutation's run, through every module's tests at once.
 */
public class MutationScores {

    /** Each module the profile measures, and the folder of the run whose report holds its mutants. */
    static final Map<String, String> MODULES = mapOf("core", "infra/mutation", "mail", "infra/mutation",
            "comparisons", "functions/comparisons", "votes", "functions/votes", "aggregates", "functions/aggregates",
            "signups", "functions/signups", "newsletter", "functions/newsletter");

    private static Map<String, String> mapOf(String... namesAndPaths) {
        Map<String, String> modules = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            modules.put(namesAndPaths[i], namesAndPaths[i + 1]);
        }
        return modules;
    }

    record Mutant(String clazz, String method, String line, String description, String status, boolean detected) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        Map<String, List<Mutant>> own = new LinkedHashMap<>();
        Map<Path, List<Mutant>> reports = new java.util.HashMap<>(); // core and mail share one: read it once
        System.out.printf("%-12s %8s %8s %7s%n", "module", "detected", "mutants", "score");
        for (String module : MODULES.keySet()) {
            Path xml = root.resolve(MODULES.get(module) + "/target/pit-reports/mutations.xml");
            if (!Files.exists(xml) || Files.size(xml) == 0) { // PIT leaves an empty file while its run goes on
                System.out.printf("%-12s no report (%s)%n", module, xml);
                continue;
            }
            if (!reports.containsKey(xml)) {
                reports.put(xml, read(xml));
            }
            List<Mutant> mutants = reports.get(xml).stream()
                    .filter(m -> m.clazz().startsWith("dev.verdict." + module + ".")).toList();
            own.put(module, mutants);
            long detected = mutants.stream().filter(Mutant::detected).count();
            System.out.printf("%-12s %8d %8d %6.1f%%%s%n", module, detected, mutants.size(),
                    mutants.isEmpty() ? 0.0 : 100.0 * detected / mutants.size(),
                    MODULES.get(module).equals("infra/mutation") ? "  (through every module's tests)" : "");
        }
        if (args.length > 0 && args[0].equals("survivors")) {
            own.forEach((module, mutants) -> mutants.stream().filter(m -> !m.detected()).forEach(m ->
                    System.out.printf("%s %s.%s:%s %s [%s]%n", m.status(),
                            m.clazz().substring(m.clazz().lastIndexOf('.') + 1), m.method(), m.line(),
                            m.description(), module)));
        }
    }

    static List<Mutant> read(Path xml) throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        var nodes = document.getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            mutants.add(new Mutant(text(e, "mutatedClass"), text(e, "mutatedMethod"), text(e, "lineNumber"),
                    text(e, "description"), e.getAttribute("status"), Boolean.parseBoolean(e.getAttribute("detected"))));
        }
        return mutants;
    }

    static String text(Element parent, String tag) {
        var found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }
}
