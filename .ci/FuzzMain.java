import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one Jazzer {@code @FuzzTest} method ({@code pkg.Class#method}) on the JUnit platform, so
 * {@code .ci/fuzz} can fuzz it outside Maven. Fuzzing mode needs {@code JAZZER_FUZZ=1} in the
 * environment; the duration comes from {@code -Djazzer.max_duration}. Exit code 1 on a finding.
 */
public final class FuzzMain {
  public static void main(String[] args) throws ClassNotFoundException {
    String[] target = args[0].split("#", 2);
    Class<?> testClass = Class.forName(target[0]);
    Method method =
        Arrays.stream(testClass.getDeclaredMethods())
            .filter(m -> m.getName().equals(target[1]))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no method " + args[0]));
    String duration = System.getProperty("jazzer.max_duration", "10m");
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectMethod(testClass, method))
            .configurationParameters(Map.of("jazzer.max_duration", duration))
            .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    summary.getFailures()
        .forEach(
            f -> {
              System.out.println("FINDING in " + args[0] + ": " + f.getException());
              f.getException().printStackTrace(System.out);
            });
    System.out.printf(
        "fuzz-summary %s tests=%d failed=%d%n",
        args[0], summary.getTestsStartedCount(), summary.getTotalFailureCount());
    System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsStartedCount() > 0 ? 0 : 1);
  }
}
