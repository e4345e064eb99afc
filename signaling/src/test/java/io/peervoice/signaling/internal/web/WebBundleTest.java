package io.peervoice.signaling.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.natives.WebPage;
import io.peervoice.natives.WebSettings;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages a node serves: exactly the files its bundle lists, with their media types; a listed
 * name that could reach outside the bundle, or a missing file, stops the node from starting; and
 * {@code /node.json} names the node.
 */
class WebBundleTest {
  @TempDir Path dir;

  private ClassLoader bundle(String list, String... files) throws Exception {
    Path root = dir.resolve(WebBundle.ROOT);
    Files.createDirectories(root);
    Files.writeString(root.resolve("files.txt"), list);
    for (String f : files) {
      Files.writeString(root.resolve(f), "content of " + f);
    }
    Files.writeString(dir.resolve("secret.txt"), "not to be served");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }

  @Test
  void servesWhatTheListNamesWithItsType() throws Exception {
    Map<String, WebPage> pages =
        WebBundle.load(
            bundle(
                "index.html\npeervoice.js\n\nstyle.css\n",
                "index.html",
                "peervoice.js",
                "style.css",
                "extra.js"));
    assertThat(pages).containsOnlyKeys("/index.html", "/peervoice.js", "/style.css");
    assertThat(pages.get("/peervoice.js").contentType())
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(pages.get("/index.html").contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(new String(pages.get("/style.css").body(), StandardCharsets.UTF_8))
        .isEqualTo("content of style.css");
    assertThat(WebBundle.contentType("x.wasm")).isEqualTo("application/octet-stream");
  }

  @Test
  void aNameThatLeavesTheBundleOrAMissingFileIsRefused() throws Exception {
    assertThatThrownBy(() -> WebBundle.load(bundle("../secret.txt\n")))
        .hasMessageContaining("bad name");
    assertThatThrownBy(() -> WebBundle.load(bundle("sub/secret.txt\n")))
        .hasMessageContaining("bad name");
    assertThatThrownBy(() -> WebBundle.load(bundle("gone.js\n"))).hasMessageContaining("lacks it");
  }

  @Test
  void noBundleServesANoteAndTheNodeFacts() {
    assertThat(WebBundle.load(new URLClassLoader(new URL[0], null))).isEmpty();
    WebSettings web = WebBundle.settings(new WebBundle.NodeFacts("abc", 7400, 7401, 0), Set.of());
    assertThat(web.socketPath()).isEqualTo("/ws");
    assertThat(web.pages()).containsKeys("/index.html", "/node.json");
    assertThat(new String(web.pages().get("/node.json").body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"nodeId\":\"abc\",\"udpPort\":7400,\"tcpPort\":7401,\"tlsPort\":0,\"socketPath\":\"/ws\","
                + "\"iceServers\":[]}\n");
  }
}
