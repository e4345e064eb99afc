package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an application gets by depending on the sdk: the runtime dependencies the build resolved
 * ({@code target/runtime-dependencies.txt}, written by the dependency plugin before the tests) are
 * libraries only, and {@code docs/dependencies.md} lists exactly them with their versions.
 */
class SdkDependenciesTest {
  /** {@code group:artifact:type[:classifier]:version:scope}, as dependency:list prints it. */
  private static final Pattern LISTED =
      Pattern.compile("^\\s+([\\w.-]+):([\\w.-]+):\\w+(?::[\\w.-]+)?:([\\w.-]+):(compile|runtime)");

  private static final Pattern DOCUMENTED =
      Pattern.compile("^\\| `([\\w.-]+:[\\w.-]+)` \\| ([\\w.-]+) \\|", Pattern.MULTILINE);

  @Test
  void theRuntimeClasspathHasNoLoggingBackendAndNoCommandLine() throws Exception {
    Map<String, String> resolved = resolved();
    assertThat(resolved).isNotEmpty().containsKey("org.slf4j:slf4j-api");
    assertThat(resolved.keySet())
        .noneMatch(ga -> ga.startsWith("ch.qos.logback:"))
        .noneMatch(ga -> ga.startsWith("info.picocli:"))
        .noneMatch(ga -> ga.startsWith("org.apache.logging.log4j:"))
        .noneMatch(ga -> ga.matches("org\\.slf4j:slf4j-(simple|nop|jdk14|reload4j)"))
        .noneMatch(ga -> ga.startsWith("io.peervoice:peervoice-demo"))
        .as("ice4j's unused SDP and UPnP libraries are excluded")
        .noneMatch(
            ga -> ga.matches("org\\.jitsi:jain-sip.*|org\\.opentelecoms\\..*|org\\.bitlet:.*"));
  }

  @Test
  void docsDependenciesListsExactlyTheResolvedLibraries() throws Exception {
    Map<String, String> resolved = resolved();
    resolved.keySet().removeIf(ga -> ga.startsWith("io.peervoice:"));
    String doc = Files.readString(Path.of("..", "docs", "dependencies.md"), StandardCharsets.UTF_8);
    Map<String, String> documented = new TreeMap<>();
    Matcher m = DOCUMENTED.matcher(doc);
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
    }
    assertThat(documented)
        .as("docs/dependencies.md against dependency:list (regenerate the table)")
        .isEqualTo(resolved);
  }

  @Test
  void theBomManagesEveryLibraryModuleAndTheParentsPinsAtTheirVersions() throws Exception {
    Map<String, String> bom = managed(Path.of("..", "bom", "pom.xml"));
    Map<String, String> parent = managed(Path.of("..", "pom.xml"));
    String version = text(Path.of("..", "pom.xml"), "/project/version");
    assertThat(text(Path.of("..", "bom", "pom.xml"), "/project/version")).isEqualTo(version);
    Map<String, String> expected = new TreeMap<>();
    for (String module : new String[] {"native", "media", "nat", "signaling", "session", "sdk"}) {
      expected.put("io.peervoice:peervoice-" + module, "${project.version}");
    }
    // The libraries whose versions the build settles between ice4j and jitsi-srtp.
    for (String pin :
        new String[] {
          "org.jitsi:jitsi-utils",
          "org.jetbrains.kotlin:kotlin-stdlib",
          "org.jetbrains.kotlin:kotlin-reflect"
        }) {
      expected.put(pin, parent.get(pin));
    }
    assertThat(bom).isEqualTo(expected);
    // ... and what they resolve to is what the sdk is built and tested with.
    Map<String, String> resolved = resolved();
    assertThat(resolved.get("org.jitsi:jitsi-utils")).isEqualTo(bom.get("org.jitsi:jitsi-utils"));
    assertThat(resolved.get("org.jetbrains.kotlin:kotlin-stdlib"))
        .isEqualTo(bom.get("org.jetbrains.kotlin:kotlin-stdlib"));
  }

  private static Map<String, String> managed(Path pom) throws Exception {
    org.w3c.dom.Document doc = xml(pom);
    javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
    org.w3c.dom.NodeList deps =
        (org.w3c.dom.NodeList)
            xpath.evaluate(
                "/project/dependencyManagement/dependencies/dependency",
                doc,
                javax.xml.xpath.XPathConstants.NODESET);
    Map<String, String> found = new TreeMap<>();
    for (int i = 0; i < deps.getLength(); i++) {
      org.w3c.dom.Node d = deps.item(i);
      found.put(
          xpath.evaluate("groupId", d) + ":" + xpath.evaluate("artifactId", d),
          xpath.evaluate("version", d));
    }
    return found;
  }

  private static String text(Path pom, String path) throws Exception {
    return javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(path, xml(pom));
  }

  private static org.w3c.dom.Document xml(Path pom) throws Exception {
    javax.xml.parsers.DocumentBuilderFactory f =
        javax.xml.parsers.DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    return f.newDocumentBuilder().parse(pom.toFile());
  }

  private static Map<String, String> resolved() throws Exception {
    Path list = Path.of("target", "runtime-dependencies.txt");
    assertThat(list).as("written by the build's dependency:list (mvn test, not the IDE)").exists();
    Map<String, String> found = new TreeMap<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      Matcher m = LISTED.matcher(line);
      if (m.find()) {
        found.put(m.group(1) + ":" + m.group(2), m.group(3));
      }
    }
    return found;
  }
}
