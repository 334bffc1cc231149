package dev.fusebox.demo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfile's base images ({@code ARG BUILD_IMAGE=…}, {@code ARG RUNTIME_IMAGE=…}) in a {@link DockerEngine}:
 * pulled when a registry answers, otherwise stand-ins built from Debian packages with
 * {@code debootstrap --variant=minbase} (a JDK 17 and Maven for the build stage, a JRE 17 for the runtime) and
 * tagged with the Dockerfile's names, so the real Dockerfile builds unchanged. Each stand-in gets the host's CA
 * certificates, so Maven inside the build reaches Maven Central.
 */
public final class BaseImages {

  private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+(\\w+)=(\\S+)\\s*$");

  /** The Debian packages of each stand-in, by build argument. */
  private static final Map<String, String> STAND_IN_PACKAGES = Map.of(
      "BUILD_IMAGE", "openjdk-17-jdk-headless,maven",
      "RUNTIME_IMAGE", "openjdk-17-jre-headless");

  private BaseImages() {
  }

  /** The {@code ARG NAME=default} lines of the Dockerfile, in order. */
  public static Map<String, String> arguments(Path dockerfile) throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    Matcher m = ARG.matcher(Files.readString(dockerfile));
    while (m.find()) {
      args.put(m.group(1), m.group(2));
    }
    return args;
  }

  /** Makes every base image of {@code dockerfile} present in {@code engine}; says on stdout what it did. */
  public static void provide(DockerEngine engine, Path dockerfile) throws IOException, InterruptedException {
    Map<String, String> args = arguments(dockerfile);
    for (Map.Entry<String, String> base : STAND_IN_PACKAGES.entrySet()) {
      String image = args.get(base.getKey());
      if (image == null) {
        throw new AssertionError("the Dockerfile has no ARG " + base.getKey() + "=<image>");
      }
      DockerEngine.Result pull = engine.docker(Duration.ofMinutes(5), "pull", "-q", image);
      if (pull.exit() == 0) {
        System.out.println("[container] pulled " + image);
        continue;
      }
      String reason = pull.output().strip().lines().reduce((a, b) -> b).orElse("");
      System.out.println("[container] " + image + " cannot be pulled (" + reason + "); building a stand-in from"
          + " Debian packages: debootstrap --variant=minbase --include=" + base.getValue());
      standIn(engine, image, base.getValue());
    }
  }

  private static void standIn(DockerEngine engine, String image, String packages)
      throws IOException, InterruptedException {
    String debootstrap = DockerEngine.executable("debootstrap");
    Path root = engine.dir().resolve("rootfs-" + image.replaceAll("[^A-Za-z0-9]", "-"));
    String suite = hostSuite();
    DockerEngine.Result made = DockerEngine.run(java.util.List.of(debootstrap, "--variant=minbase",
        "--include=" + packages, suite, root.toString(), "http://deb.debian.org/debian"), Map.of(),
        Duration.ofMinutes(8));
    made.orFail("debootstrap " + packages);
    // The host's CA bundles (the JDK's cacerts too: Maven in the build stage needs them for Maven Central).
    Files.copy(Path.of("/etc/ssl/certs/ca-certificates.crt"), root.resolve("etc/ssl/certs/ca-certificates.crt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(root.resolve("etc/ssl/certs/java"));
    Files.copy(Path.of("/etc/ssl/certs/java/cacerts"), root.resolve("etc/ssl/certs/java/cacerts"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    DockerEngine.Result imported = engine.bash(Duration.ofMinutes(5),
        "cd '" + root + "' && rm -rf var/cache/apt/archives/*.deb var/lib/apt/lists/* usr/share/doc/*"
            + " usr/share/man/* usr/share/locale/* && tar -C '" + root + "' -c . | docker import - '" + image + "'"
            + " && rm -rf --one-file-system '" + root + "'");
    imported.orFail("docker import of the stand-in " + image);
    System.out.printf("[container] stand-in %s: debootstrap %d s, import %d s%n", image,
        made.took().toSeconds(), imported.took().toSeconds());
  }

  /** The host's Debian suite (bookworm here), for stand-ins with the same packages as the host. */
  private static String hostSuite() throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
      if (line.startsWith("VERSION_CODENAME=") && line.length() > "VERSION_CODENAME=".length()) {
        return line.substring("VERSION_CODENAME=".length()).replace("\"", "");
      }
    }
    return "bookworm";
  }
}
