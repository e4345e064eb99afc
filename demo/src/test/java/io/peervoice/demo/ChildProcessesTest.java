package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A bench's child processes are stopped when it closes them, or by its shutdown hook if the JVM
 * ends first (Ctrl-C); one stopped early is not stopped twice, and one that fails to stop keeps no
 * other from stopping. Last, with a real node process.
 */
class ChildProcessesTest {
  private final List<Thread> hooks = new ArrayList<>();
  private final List<String> stopped = new CopyOnWriteArrayList<>();

  private AutoCloseable child(String name) {
    return () -> stopped.add(name);
  }

  private ChildProcesses processes() {
    return new ChildProcesses("test", hooks::add, hooks::remove);
  }

  @Test
  void theShutdownHookStopsEveryChildNewestFirst() throws Exception {
    ChildProcesses children = processes();
    children.add(child("node"));
    children.add(child("listen"));
    children.add(child("call"));
    assertThat(hooks).hasSize(1);
    Thread hook = hooks.get(0);
    hook.start(); // as the JVM would on Ctrl-C
    hook.join();
    assertThat(stopped).containsExactly("call", "listen", "node");
    assertThat(children.size()).isZero();
  }

  @Test
  void closingStopsWhatIsLeftOnceAndRemovesTheHook() {
    ChildProcesses children = processes();
    AutoCloseable call = children.add(child("call"));
    children.add(child("node"));
    children.stop(call);
    assertThat(stopped).containsExactly("call");
    children.close();
    assertThat(stopped).containsExactly("call", "node");
    assertThat(hooks).isEmpty();
    children.close();
    assertThat(stopped).as("nothing stopped twice").hasSize(2);
  }

  @Test
  void aChildThatFailsToStopKeepsNoOtherFromStopping() {
    ChildProcesses children = processes();
    children.add(child("node"));
    children.add(
        () -> {
          throw new IllegalStateException("already gone");
        });
    children.close();
    assertThat(stopped).containsExactly("node");
  }

  @Test
  void closingWhileTheJvmShutsDownLeavesTheHookToRun() {
    ChildProcesses children =
        new ChildProcesses(
            "test",
            hooks::add,
            hook -> {
              throw new IllegalStateException("Shutdown in progress");
            });
    children.add(child("node"));
    children.close();
    assertThat(stopped).containsExactly("node");
  }

  @Test
  void theHookStopsARealProcess() throws Exception {
    ChildProcesses children = processes();
    NodeChild node = children.add(NodeChild.start(List.of(), 30_000));
    assertThat(node.process().exited()).isFalse();
    Thread hook = hooks.get(0);
    hook.start();
    hook.join();
    assertThat(node.process().exited()).isTrue();
  }
}
