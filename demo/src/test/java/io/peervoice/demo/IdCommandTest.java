package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.PeerId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdCommandTest {

  @Test
  void newAndShowPrintThePeerIdAloneOnTheFirstLine(@TempDir Path dir) {
    Path file = dir.resolve("me.id");
    Cli made = new Cli();
    assertThat(made.run("id", "new", "--file", file.toString())).isZero();
    String id = made.out.toString().lines().findFirst().orElseThrow();
    assertThat(PeerId.parse(id).toString()).isEqualTo(id);
    Cli shown = new Cli();
    assertThat(shown.run("id", "show", "--file", file.toString())).isZero();
    assertThat(shown.out.toString().lines().findFirst()).contains(id);
    Cli again = new Cli();
    assertThat(again.run("id", "new", "--file", file.toString())).isEqualTo(2);
    assertThat(again.err.toString()).contains("exists");
    Cli missing = new Cli();
    assertThat(missing.run("id", "show", "--file", dir.resolve("nope").toString())).isEqualTo(2);
  }

  @Test
  void callRefusesSomethingThatIsNotAPeerId(@TempDir Path dir) {
    Cli made = new Cli();
    made.run("id", "new", "--file", dir.resolve("me.id").toString());
    Cli cli = new Cli();
    int code =
        cli.run(
            "call",
            "not-a-peer",
            "--id-file",
            dir.resolve("me.id").toString(),
            "--bootstrap",
            "127.0.0.1:9");
    assertThat(code).isEqualTo(2);
    assertThat(cli.err.toString()).contains("is not a PeerId");
  }

  @Test
  void newNeverReplacesAFileAndSaysSoOnOneLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("taken.id");
    java.nio.file.Files.writeString(file, "someone else's identity\n");
    Cli cli = new Cli();
    assertThat(cli.run("id", "new", "--id-file", file.toString())).isEqualTo(2);
    assertThat(cli.err.toString().lines().toList())
        .containsExactly("peervoice id new: " + file + " exists; not overwriting it");
    assertThat(cli.out.toString()).isEmpty();
    assertThat(java.nio.file.Files.readString(file)).isEqualTo("someone else's identity\n");
  }

  @Test
  void newRefusesALinkInsteadOfWritingThroughIt(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("elsewhere");
    Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("me.id"), target);
    Cli cli = new Cli();
    assertThat(cli.run("id", "new", "--file", link.toString())).isEqualTo(2);
    assertThat(cli.err.toString()).contains("exists");
    assertThat(target).doesNotExist();
  }

  @Test
  void newWritesAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("me.id");
    assertThat(new Cli().run("id", "new", "--file", file.toString())).isZero();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void concurrentNewsOnOnePathMakeExactlyOneIdentity(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("raced.id");
    int racers = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(racers);
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(racers);
    try {
      java.util.List<java.util.concurrent.Future<Cli>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < racers; i++) {
        runs.add(
            pool.submit(
                () -> {
                  Cli cli = new Cli();
                  start.await();
                  cli.run("id", "new", "--file", file.toString());
                  return cli;
                }));
      }
      java.util.List<Cli> done = new java.util.ArrayList<>();
      for (var run : runs) {
        done.add(run.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      java.util.List<Cli> winners = done.stream().filter(c -> !c.out.toString().isEmpty()).toList();
      assertThat(winners).hasSize(1);
      assertThat(done.stream().filter(c -> c.err.toString().contains("exists")))
          .hasSize(racers - 1);
      String printed = winners.get(0).out.toString().lines().findFirst().orElseThrow();
      assertThat(io.peervoice.signaling.Identity.load(file).peerId().toString())
          .as("the file holds the identity its creator printed")
          .isEqualTo(printed);
    } finally {
      pool.shutdownNow();
    }
  }
}
