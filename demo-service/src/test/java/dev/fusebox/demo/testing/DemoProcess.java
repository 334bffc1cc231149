package dev.fusebox.demo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo in a child JVM, started like {@code java -jar} would ({@link dev.fusebox.demo.Main}) on loopback port 0,
 * its merged output captured so tests can wait for log lines. {@link Process#destroy()} sends it SIGTERM.
 */
public final class DemoProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) .*metrics on"
      + " port (\\d+)");

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private int httpPort = -1;
  private int metricsPort = -1;

  private DemoProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "demo-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code Main} from the test class path with {@code env} over loopback/port-0 defaults. */
  public static DemoProcess launch(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return launch(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.fusebox.demo.Main"), env);
  }

  /** Starts {@code command} with {@code env} over loopback/port-0 defaults. */
  public static DemoProcess launch(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("OTEL_") || k.equals("USER_API_URL")
        || k.equals("DEMO_CONFIG") || k.equals("DEMO_ADMIN_ENABLED") || k.equals("JAVA_TOOL_OPTIONS"));
    environment.put("HTTP_HOST", "127.0.0.1");
    environment.put("HTTP_PORT", "0");
    environment.put("METRICS_HOST", "127.0.0.1");
    environment.put("METRICS_PORT", "0");
    environment.putAll(env);
    return new DemoProcess(builder.start());
  }

  /** Launches and waits until the service listens. */
  public static DemoProcess start(Map<String, String> env) throws Exception {
    return start(launch(env));
  }

  /** Waits until {@code demo} listens; kills it if it does not within 60 s. */
  public static DemoProcess start(DemoProcess demo) throws Exception {
    try {
      String line = demo.awaitLog("fusebox demo listening on", Duration.ofSeconds(60));
      Matcher m = LISTENING.matcher(line);
      if (!m.find()) {
        throw new AssertionError("unexpected start-up line: " + line);
      }
      demo.httpPort = Integer.parseInt(m.group(1));
      demo.metricsPort = Integer.parseInt(m.group(2));
      return demo;
    } catch (Exception | AssertionError e) {
      demo.close();
      throw e;
    }
  }

  /** The process. */
  public Process process() {
    return process;
  }

  /** The public HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** The metrics port. */
  public int metricsPort() {
    return metricsPort;
  }

  /** The output so far. */
  public synchronized String log() {
    return String.join("\n", lines);
  }

  /** Waits for an output line containing {@code text} and returns it. */
  public String awaitLog(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      for (;;) {
        for (String line : lines) {
          if (line.contains(text)) {
            return line;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || (!process.isAlive() && readerDone)) {
          throw new AssertionError("no output line contains \"" + text + "\""
              + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; output so far:\n"
              + log());
        }
        wait(Math.min(left, 200));
      }
    }
  }

  private boolean readerDone;

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the process ended
    } finally {
      synchronized (this) {
        readerDone = true;
        notifyAll();
      }
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
