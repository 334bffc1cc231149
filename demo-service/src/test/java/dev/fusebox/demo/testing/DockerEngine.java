package dev.fusebox.demo.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Docker engine for one test run: Debian's {@code dockerd} on its own unix socket, data root and exec root
 * under a fresh temporary directory, with no iptables, no bridge and the vfs storage driver, so it runs inside this
 * machine's VM next to nothing else. {@link #close()} stops it and deletes everything it wrote, also when a test
 * failed; a JVM shutdown hook does the same if the run is cut short.
 *
 * <p>Fails (never skips) when root, {@code dockerd} or the {@code docker} client is missing: {@code ./test.sh}
 * installs {@code docker.io}.
 */
public final class DockerEngine implements AutoCloseable {

  private final Path dir;
  private final Path socket;
  private final Process daemon;
  private final String client;
  private final Thread cleanupHook;

  /** What a {@code docker} (or other) command printed, and its exit status. */
  public record Result(int exit, String output, Duration took) {

    /** The output, or an {@link AssertionError} naming the command when it failed. */
    public String orFail(String what) {
      if (exit != 0) {
        throw new AssertionError(what + " failed with exit status " + exit + ":\n" + tail(output, 6000));
      }
      return output;
    }
  }

  private DockerEngine(Path dir, Process daemon, String client) {
    this.dir = dir;
    this.socket = dir.resolve("docker.sock");
    this.daemon = daemon;
    this.client = client;
    this.cleanupHook = new Thread(this::stopAndDelete, "docker-engine-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupHook);
  }

  /** Starts a fresh engine and waits (at most 60 s) until it answers. */
  public static DockerEngine start() throws IOException, InterruptedException {
    String uid = run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(10)).output().strip();
    if (!uid.equals("0")) {
      throw new AssertionError("the container test starts its own Docker engine and needs root (uid " + uid + ")");
    }
    String dockerd = executable("dockerd");
    String client = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : executable("docker");
    // A short path: a unix socket's path may not exceed 107 bytes.
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "fusebox-docker-");
    Path log = dir.resolve("dockerd.log");
    Process daemon = new ProcessBuilder(dockerd, "--iptables=false", "--ip6tables=false", "--bridge=none",
        "--storage-driver=vfs", "--data-root=" + dir.resolve("data"), "--exec-root=" + dir.resolve("exec"),
        "--host=unix://" + dir.resolve("docker.sock"), "--pidfile=" + dir.resolve("docker.pid"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    DockerEngine engine = new DockerEngine(dir, daemon, client);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!daemon.isAlive()) {
        engine.close();
        throw new AssertionError("dockerd exited with " + daemon.exitValue() + ":\n"
            + tail(Files.readString(log), 4000));
      }
      if (Files.exists(engine.socket) && engine.docker(Duration.ofSeconds(10), "version").exit() == 0) {
        return engine;
      }
      if (System.nanoTime() > deadline) {
        engine.close();
        throw new AssertionError("dockerd did not answer within 60 s:\n" + tail(Files.readString(log), 4000));
      }
      Thread.sleep(200);
    }
  }

  /** The engine's working directory (data root, exec root, socket, log); deleted on close. */
  public Path dir() {
    return dir;
  }

  /** Runs the {@code docker} client against this engine, with the legacy builder; kills it after {@code timeout}. */
  public Result docker(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(client);
    command.addAll(List.of(args));
    return run(command, environment(), timeout);
  }

  /** Runs {@code bash -c script} with {@code DOCKER_HOST} pointing at this engine (for pipelines). */
  public Result bash(Duration timeout, String script) throws IOException, InterruptedException {
    return run(List.of("bash", "-c", "set -euo pipefail; " + script), environment(), timeout);
  }

  /** The environment for the client: this engine's socket, the legacy builder (no registry for BuildKit's frontend). */
  public Map<String, String> environment() {
    return Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_BUILDKIT", "0", "DOCKER_CLI_HINTS", "false",
        "PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
  }

  /** Runs {@code command} with {@code env} added, its output merged; kills it (and its children) after timeout. */
  public static Result run(List<String> command, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("fusebox-cmd-", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(env);
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command) + "\n"
            + tail(Files.readString(out, StandardCharsets.UTF_8), 6000));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The path of {@code name} on PATH (or /usr/sbin, /sbin), or an AssertionError saying what installs it. */
  public static String executable(String name) {
    String path = System.getenv("PATH") + ":/usr/sbin:/sbin";
    for (String entry : path.split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, name))) {
        return Path.of(entry, name).toString();
      }
    }
    throw new AssertionError(name + " is not installed: the container test needs Debian's docker.io, debootstrap"
        + " and wrk (./test.sh installs them)");
  }

  private static String tail(String text, int chars) {
    return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
  }

  @Override
  public void close() {
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private synchronized void stopAndDelete() {
    if (daemon.isAlive()) {
      List<ProcessHandle> children = daemon.descendants().toList();
      daemon.destroy(); // SIGTERM: dockerd stops its containers and its containerd
      try {
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
          daemon.destroyForcibly();
          daemon.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    if (Files.exists(dir)) {
      try {
        // dockerd leaves its default network namespace mounted (exec/netns/default): unmount what is under dir.
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
            .map(line -> line.split(" ")[1]).filter(point -> point.startsWith(dir.toString() + "/"))
            .sorted(java.util.Comparator.reverseOrder()).toList();
        for (String point : mounts) {
          new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        // vfs leaves whole root filesystems behind, with read-only and special files: rm copes with all of them.
        Process rm = new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start();
        rm.waitFor(120, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        System.err.println("could not delete " + dir + ": " + e);
      }
    }
  }
}
