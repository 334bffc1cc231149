package dev.fusebox.demo.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found from the module directory the tests run in. */
public final class RepoPaths {

  private RepoPaths() {
  }

  /** The repository root: the first directory, from the working directory up, holding {@code Dockerfile}. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("Dockerfile")) && Files.isDirectory(p.resolve("helm"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (with Dockerfile and helm/) above " + dir);
  }

  /** The demo's Helm chart. */
  public static Path chart() {
    return root().resolve("helm/fusebox-demo");
  }
}
