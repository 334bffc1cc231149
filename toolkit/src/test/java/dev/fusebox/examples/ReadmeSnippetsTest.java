package dev.fusebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's code honest: every Java block marked {@code <!-- snippet: FILE#MARKER -->} must appear, line
 * for line (indentation aside), between {@code MARKER-BEGIN} and {@code MARKER-END} in FILE, a test that compiles
 * and runs it. A README edit that drifts from the code fails the build.
 */
class ReadmeSnippetsTest {

  private static final Pattern MARKED = Pattern.compile(
      "<!-- snippet: ([^#\\s]+)#([A-Z0-9-]+) -->\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void every_marked_snippet_is_held_verbatim_by_a_test() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    Matcher m = MARKED.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      String file = m.group(1);
      String marker = m.group(2);
      String source = Files.readString(root.resolve(file));
      int begin = source.indexOf("// " + marker + "-BEGIN");
      int end = source.indexOf("// " + marker + "-END");
      assertThat(begin).as("marker %s-BEGIN in %s", marker, file).isNotNegative();
      assertThat(end).as("marker %s-END in %s", marker, file).isGreaterThan(begin);
      List<String> held = normalise(source.substring(source.indexOf('\n', begin) + 1, end));
      assertThat(normalise(m.group(3))).as("README snippet %s#%s", file, marker).isEqualTo(held);
      checked.add(marker);
    }
    assertThat(checked).as("snippets checked").contains("QUICKSTART-LAMBDA", "QUICKSTART-CHAIN",
        "README-OWN-POLICY", "README-OWN-READER", "README-OWN-USE", "README-RELOAD-GUARD", "README-RELOAD-RETRIEVER",
        "README-MICROMETER", "README-FLEET");
  }

  private static List<String> normalise(String block) {
    List<String> lines = new ArrayList<>();
    for (String line : block.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }
}
