package dev.fusebox.demo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary files for tests, deleted when the JVM exits. */
public final class TestFiles {

  private TestFiles() {
  }

  /** Writes {@code content} to a new {@code .json} file and returns its path. */
  public static String json(String content) {
    try {
      Path file = Files.createTempFile("fusebox-demo-", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
