package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first build: a project made of nothing but the README's dependency snippets (the BOM import with
 * fusebox-toolkit, then fusebox-vertx) and its quick-start code compiles against the artifacts this build
 * installs, with the OpenTelemetry versions the BOM pins. Installs the library modules into the local repository
 * first, as {@code mvn install} would.
 */
class ReadmeDependencyIT {

  private static final Pattern XML = Pattern.compile("```xml\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern JAVA = Pattern.compile(
      "snippet: [^#]+#QUICKSTART-LAMBDA -->\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", String.join(" ", command)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s exited 0:%n%s", String.join(" ", command), text).isZero();
    return text;
  }

  @Test
  void the_readme_snippets_make_a_project_that_compiles(@TempDir Path consumer) throws Exception {
    Path root = RepoPaths.root();
    run(root, "mvn", "-B", "-q", "-o", "-pl", "bom,toolkit,vertx-integration", "-am", "install", "-DskipTests",
        "-Dcheckstyle.skip", "-Dmaven.javadoc.skip", "-Dmaven.source.skip");

    String readme = Files.readString(root.resolve("README.md"));
    String quickStart = readme.substring(readme.indexOf("## Quick start"));
    Matcher xml = XML.matcher(quickStart);
    assertThat(xml.find()).as("the quick start's dependency snippet").isTrue();
    String bomAndToolkit = xml.group(1);
    String integration = readme.substring(readme.indexOf("## Vert.x integration"));
    Matcher vertxXml = XML.matcher(integration);
    assertThat(vertxXml.find()).as("the fusebox-vertx dependency snippet").isTrue();
    Matcher java = JAVA.matcher(readme);
    assertThat(java.find()).as("the quick start's code").isTrue();

    int last = bomAndToolkit.lastIndexOf("</dependencies>");
    String dependencies = bomAndToolkit.substring(0, last) + vertxXml.group(1) + "\n" + bomAndToolkit.substring(last);
    Files.writeString(consumer.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>readme-consumer</artifactId>
          <version>1</version>
          <properties>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
        %s
          <build>
            <plugins>
              <plugin>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.1</version>
                <configuration>
                  <release>17</release>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(dependencies));
    Path source = consumer.resolve("src/main/java/example/QuickStart.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        package example;

        import static java.time.Duration.ofMillis;
        import static java.time.Duration.ofSeconds;

        import dev.fusebox.CircuitOpenException;
        import dev.fusebox.Guard;
        import dev.fusebox.vertx.client.GuardedWebClient;
        import io.vertx.core.Future;
        import io.vertx.core.Vertx;
        import java.io.IOException;
        import java.util.concurrent.TimeoutException;

        class QuickStart {
          record User(String id) {
          }

          interface Api {
            Future<User> fetch(String id);
          }

          interface Cache {
            Future<User> lookup(String id);
          }

          Future<User> run(Vertx vertx, Api api, Cache cache, String id) {
        %s
            return user;
          }
        }
        """.formatted(java.group(1)));

    String tree = run(consumer, "mvn", "-B", "-q", "compile", "dependency:list",
        "-DincludeGroupIds=dev.fusebox,io.opentelemetry", "-DoutputFile=deps.txt");
    List<String> resolved = new ArrayList<>(Files.readAllLines(consumer.resolve("deps.txt")));
    assertThat(Files.exists(consumer.resolve("target/classes/example/QuickStart.class"))).as(tree).isTrue();
    assertThat(resolved).anyMatch(l -> l.contains("dev.fusebox:fusebox-toolkit:jar"))
        .anyMatch(l -> l.contains("dev.fusebox:fusebox-vertx:jar"))
        .anyMatch(l -> l.contains("io.opentelemetry:opentelemetry-api:jar:1.68.0"));
    assertThat(resolved).filteredOn(l -> l.contains("io.opentelemetry:opentelemetry-"))
        .allMatch(l -> l.contains(":1.68.0") || l.contains("-alpha"), "OpenTelemetry at the BOM's versions");
  }
}
