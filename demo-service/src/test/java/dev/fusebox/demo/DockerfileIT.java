package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.RepoPaths;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, checked without a Docker engine after {@code mvn package}: what it copies exists (and is not
 * excluded by .dockerignore), poms come before sources, {@code lib/} before the application jar, and the image runs
 * as a non-root user with container-aware JVM flags and an exec-form entrypoint.
 */
class DockerfileIT {

  private static final Path ROOT = RepoPaths.root();
  private static List<Instruction> instructions;

  /** One Dockerfile instruction, continuation lines joined. */
  record Instruction(String keyword, String args, int stage) {
  }

  @BeforeAll
  static void parse() throws IOException {
    instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int stage = -1;
    for (String raw : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      String line = raw.strip();
      if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String text = current.toString().strip();
      current.setLength(0);
      int space = text.indexOf(' ');
      String keyword = text.substring(0, space).toUpperCase(java.util.Locale.ROOT);
      if (keyword.equals("FROM")) {
        stage++;
      }
      instructions.add(new Instruction(keyword, text.substring(space + 1).strip(), stage));
    }
  }

  private static List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword.equals(keyword)).toList();
  }

  private static int finalStage() {
    return instructions.get(instructions.size() - 1).stage;
  }

  @Test
  void buildStageIsMavenAndRuntimeStageIsAJre() {
    List<Instruction> froms = all("FROM");
    assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
    // the base images are build arguments, with defaults
    assertThat(froms.get(0).args).isEqualTo("${BUILD_IMAGE} AS build");
    assertThat(froms.get(froms.size() - 1).args).isEqualTo("${RUNTIME_IMAGE}");
    Map<String, String> args = instructions.stream().filter(i -> i.keyword.equals("ARG") && i.stage == -1)
        .map(i -> i.args.split("=", 2)).collect(Collectors.toMap(a -> a[0], a -> a[1]));
    assertThat(args.get("BUILD_IMAGE")).startsWith("maven:");
    assertThat(args.get("RUNTIME_IMAGE")).contains("jre");
  }

  @Test
  void everyModulePomIsCopiedBeforeAnySourceAndDependenciesResolveInBetween() throws IOException {
    String parentPom = Files.readString(ROOT.resolve("pom.xml"));
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parentPom);
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertThat(modules).contains("toolkit", "vertx-integration", "demo-service");

    List<String> sources = new ArrayList<>();
    int lastPom = -1;
    int firstSource = Integer.MAX_VALUE;
    int resolve = -1;
    for (int i = 0; i < instructions.size(); i++) {
      Instruction in = instructions.get(i);
      if (in.keyword.equals("COPY") && !in.args.startsWith("--from")) {
        String source = in.args.split("\\s+")[0];
        sources.add(source);
        if (source.endsWith("pom.xml")) {
          lastPom = i;
        } else {
          firstSource = Math.min(firstSource, i);
        }
      } else if (in.keyword.equals("RUN") && in.args.contains("dependency:go-offline") && resolve == -1) {
        resolve = i;
      }
    }
    assertThat(sources).contains("pom.xml");
    for (String module : modules) {
      assertThat(sources).as("COPY of %s/pom.xml", module).contains(module + "/pom.xml");
    }
    assertThat(lastPom).as("every pom is copied before the first source").isLessThan(firstSource);
    assertThat(resolve).as("dependencies resolve after the poms, before the sources")
        .isGreaterThan(lastPom).isLessThan(firstSource);
  }

  @Test
  void everyPathCopiedFromTheContextExistsAndIsNotDockerIgnored() throws IOException {
    List<PathMatcher> ignored = new ArrayList<>();
    for (String pattern : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
      String p = pattern.strip();
      if (!p.isEmpty() && !p.startsWith("#")) {
        String glob = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + glob + "/**"));
      }
    }
    for (Instruction in : all("COPY")) {
      if (in.args.startsWith("--from")) {
        continue;
      }
      String[] parts = in.args.split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        Path source = ROOT.resolve(parts[i]);
        assertThat(source).as("COPY source %s", parts[i]).exists();
        Path relative = Path.of(parts[i].replaceAll("/$", ""));
        assertThat(ignored).as("%s excluded by .dockerignore", parts[i]).noneMatch(pm -> pm.matches(relative));
      }
    }
  }

  @Test
  void runtimeCopiesFromTheBuildStageExistAfterPackageLibFirst() {
    String workdir = all("WORKDIR").get(0).args;
    List<Instruction> fromBuild = all("COPY").stream().filter(i -> i.args.startsWith("--from=build"))
        .filter(i -> !i.args.contains("cds-training.sh")).toList();
    assertThat(fromBuild).hasSize(2);
    List<String> copied = new ArrayList<>();
    for (Instruction in : fromBuild) {
      String[] parts = in.args.split("\\s+");
      String inBuild = parts[1];
      assertThat(inBuild).startsWith(workdir + "/");
      Path local = ROOT.resolve(inBuild.substring(workdir.length() + 1));
      assertThat(local).as("%s after mvn package", inBuild).exists();
      copied.add(inBuild);
    }
    assertThat(copied.get(0)).as("lib/ is the first (more stable) layer").endsWith("/target/lib/");
    assertThat(copied.get(1)).endsWith(".jar");
    assertThat(ROOT.resolve("demo-service/target/lib")).isDirectoryContaining("glob:**/vertx-core-*.jar");
  }

  @Test
  void theThinJarFindsAllItsDependenciesInLib() throws IOException {
    Path jar = ROOT.resolve("demo-service/target/fusebox-demo-service-thin.jar");
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.fusebox.demo.Main");
      String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
      assertThat(classPath).isNotBlank();
      for (String entry : classPath.trim().split("\\s+")) {
        assertThat(jar.getParent().resolve(entry)).as("Class-Path entry %s", entry).exists();
      }
    }
  }

  @Test
  void runsAsANonRootUserWithContainerAwareFlagsAndAnExecFormEntrypoint() {
    int runtime = finalStage();
    List<Instruction> users = all("USER").stream().filter(i -> i.stage == runtime).toList();
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).args.split(":")[0];
    assertThat(user).as("USER is numeric, for runAsNonRoot").matches("[0-9]+");
    assertThat(Integer.parseInt(user)).isPositive();

    String env = all("ENV").stream().filter(i -> i.stage == runtime).map(Instruction::args)
        .reduce("", String::concat);
    // explicit caps (measured to fit 128 MiB), a clean exit on OutOfMemoryError
    assertThat(env).contains("JAVA_TOOL_OPTIONS=\"", "-Xmx", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
        "-XX:MaxDirectMemorySize=", "-Xss", "-XX:+ExitOnOutOfMemoryError");

    List<Instruction> entrypoints = all("ENTRYPOINT");
    assertThat(entrypoints).hasSize(1);
    Instruction entrypoint = entrypoints.get(0);
    assertThat(entrypoint.stage).isEqualTo(runtime);
    assertThat(instructions.indexOf(users.get(users.size() - 1))).isLessThan(instructions.indexOf(entrypoint));
    JsonArray exec = new JsonArray(entrypoint.args);
    assertThat(exec.getString(0)).isEqualTo("java");
    assertThat(exec.stream().map(String::valueOf).toList()).contains("-jar");
    String appJar = exec.getString(exec.size() - 1);
    // the AppCDS archive the entrypoint maps is made in the runtime stage, by the runtime's JVM
    String archive = exec.stream().map(String::valueOf).filter(a -> a.startsWith("-XX:SharedArchiveFile="))
        .findFirst().orElseThrow().substring("-XX:SharedArchiveFile=".length());
    assertThat(all("RUN")).filteredOn(i -> i.stage == runtime)
        .anyMatch(i -> i.args.contains("-XX:ArchiveClassesAtExit=" + archive) && i.args.contains("-jar " + appJar));
    List<Instruction> fromBuild = all("COPY").stream().filter(i -> i.args.startsWith("--from=build"))
        .filter(i -> !i.args.contains("cds-training.sh")).toList();
    assertThat(fromBuild.get(fromBuild.size() - 1).args).endsWith(" " + appJar);
  }
}
