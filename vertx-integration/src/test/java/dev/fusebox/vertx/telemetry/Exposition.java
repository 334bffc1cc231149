package dev.fusebox.vertx.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition, parsed plainly enough to compare two scrapes. */
record Exposition(List<Sample> samples) {

  /** One sample: its name, labels and value. */
  record Sample(String name, Map<String, String> labels, double value) {
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+).*$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new Exposition(List.copyOf(samples));
  }

  /** The samples whose name starts with one of {@code prefixes}. */
  Exposition only(String... prefixes) {
    return new Exposition(samples.stream()
        .filter(s -> java.util.Arrays.stream(prefixes).anyMatch(p -> s.name().startsWith(p)))
        .toList());
  }

  /** Sample name → the label keys its samples carry, {@code otel_scope_*} left out (the OpenTelemetry scope). */
  Map<String, Set<String>> labelKeys() {
    Map<String, Set<String>> keys = new TreeMap<>();
    for (Sample s : samples) {
      Set<String> set = keys.computeIfAbsent(s.name(), n -> new TreeSet<>());
      s.labels().keySet().stream().filter(k -> !k.startsWith("otel_scope_")).forEach(set::add);
    }
    return keys;
  }

  /** Every sample as {@code name{sorted labels}} → value, {@code otel_scope_*} labels left out. */
  Map<String, Double> values() {
    Map<String, Double> values = new TreeMap<>();
    for (Sample s : samples) {
      values.put(s.name() + new TreeMap<>(s.labels()).entrySet().stream()
          .filter(e -> !e.getKey().startsWith("otel_scope_")).toList(), s.value());
    }
    return values;
  }

  /** The {@code le} labels of the samples named {@code bucket}. */
  Set<String> buckets(String bucket) {
    Set<String> le = new TreeSet<>();
    samples.stream().filter(s -> s.name().equals(bucket)).forEach(s -> le.add(s.labels().get("le")));
    return le;
  }
}
