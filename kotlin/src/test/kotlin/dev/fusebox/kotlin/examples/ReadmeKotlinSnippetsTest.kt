package dev.fusebox.kotlin.examples

import java.nio.file.Files
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * Keeps the README's Kotlin honest, as the toolkit's `ReadmeSnippetsTest` does for Java: every ```kotlin block
 * marked `<!-- snippet: FILE#MARKER -->` must appear, line for line (indentation aside), between `MARKER-BEGIN` and
 * `MARKER-END` in FILE, a test source that compiles and runs it.
 */
class ReadmeKotlinSnippetsTest {

  private val marked = Regex("<!-- snippet: ([^#\\s]+)#([A-Z0-9-]+) -->\\s*\\n```kotlin\\n(.*?)\\n```",
    RegexOption.DOT_MATCHES_ALL)

  @Test
  fun `every marked Kotlin snippet is held verbatim by a test`() {
    val root: Path = Path.of("").toAbsolutePath().parent
    val readme = Files.readString(root.resolve("README.md"))
    val checked = marked.findAll(readme).map { match ->
      val (file, marker, snippet) = match.destructured
      val source = Files.readString(root.resolve(file))
      val begin = source.indexOf("// $marker-BEGIN")
      val end = source.indexOf("// $marker-END")
      assertThat(begin).`as`("marker %s-BEGIN in %s", marker, file).isNotNegative()
      assertThat(end).`as`("marker %s-END in %s", marker, file).isGreaterThan(begin)
      val held = normalise(source.substring(source.indexOf('\n', begin) + 1, end))
      assertThat(normalise(snippet)).`as`("README snippet %s#%s", file, marker).isEqualTo(held)
      marker
    }.toList()
    assertThat(checked).`as`("Kotlin snippets checked").contains("README-KOTLIN-GUARD", "README-KOTLIN-VERTICLE")
  }

  private fun normalise(block: String): List<String> = block.lines().filter { it.isNotBlank() }.map { it.trim() }
}
