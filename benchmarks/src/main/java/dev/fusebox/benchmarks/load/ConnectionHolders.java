package dev.fusebox.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Clients that hold a server's connections, for {@code benchmarks/load.sh}: on one thread, with non-blocking
 * sockets, it opens N connections to 127.0.0.1 and holds them for at most the given seconds, then prints one
 * {@code HOLD} line: how many the server closed, and after how long.
 *
 * <ul>
 *   <li>{@code sse}: subscribes to {@code /dashboard/events} and reads one byte a second (a receive buffer of
 *       4 KiB): slow subscribers. The reads only notice the server dropping the connection.</li>
 *   <li>{@code slowloris}: sends a request head one byte a second, never finishing it.</li>
 *   <li>{@code idle}: one complete request, reads the answer, then stays silent on the keep-alive connection.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.fusebox.benchmarks.load.ConnectionHolders MODE PORT COUNT SECONDS}.
 * Loopback only, bounded in count and time by its arguments.
 *
 * <p>Not thread-safe: one instance, one thread.
 */
public final class ConnectionHolders {

  private enum Mode { SSE, SLOWLORIS, IDLE }

  private static final byte[] SLOW_HEAD =
      ("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(4_000)).getBytes(StandardCharsets.US_ASCII);

  private final Mode mode;
  private final List<Held> held = new ArrayList<>();

  private ConnectionHolders(Mode mode) {
    this.mode = mode;
  }

  /** Runs the holders and prints the {@code HOLD} line. */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: ConnectionHolders sse|slowloris|idle PORT COUNT SECONDS");
      System.exit(2);
    }
    Mode mode = Mode.valueOf(args[0].toUpperCase(Locale.ROOT));
    int port = Integer.parseInt(args[1]);
    int count = Math.min(Integer.parseInt(args[2]), 5_000);
    int seconds = Math.min(Integer.parseInt(args[3]), 600);
    new ConnectionHolders(mode).run(port, count, seconds);
  }

  private void run(int port, int count, int seconds) throws IOException, InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open();
      if (mode == Mode.SSE) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
      }
      channel.connect(new InetSocketAddress("127.0.0.1", port));
      channel.configureBlocking(false);
      Held h = new Held(channel, System.nanoTime());
      held.add(h);
      switch (mode) {
        case SSE -> write(h, "GET /dashboard/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
        case IDLE -> write(h, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        case SLOWLORIS -> h.sent = 0;
        default -> throw new IllegalStateException();
      }
    }
    System.out.println("holding " + count + " " + mode.name().toLowerCase(Locale.ROOT) + " connections");
    System.out.flush();
    long end = start + seconds * 1_000_000_000L;
    ByteBuffer sink = ByteBuffer.allocate(8192);
    long nextByte = System.nanoTime();
    while (System.nanoTime() < end && held.stream().anyMatch(h -> h.closedNanos == 0)) {
      boolean tick = System.nanoTime() >= nextByte;
      for (Held h : held) {
        if (h.closedNanos != 0) {
          continue;
        }
        try {
          if (mode == Mode.SLOWLORIS && tick && h.sent < SLOW_HEAD.length) {
            h.channel.write(ByteBuffer.wrap(SLOW_HEAD, h.sent++, 1));
          }
          if (mode != Mode.SSE) {
            sink.clear();
            if (h.channel.read(sink) < 0) {
              h.close();
            }
          } else if (tick) {
            // 64 bytes a second: slow enough to fill the server's queue, enough to notice a refusal or a reset
            ByteBuffer some = ByteBuffer.allocate(64);
            int n = h.channel.read(some);
            if (n < 0) {
              h.close();
            } else if (h.status == 0 && n >= 12) {
              h.status = Integer.parseInt(new String(some.array(), 9, 3, StandardCharsets.US_ASCII));
            }
          }
        } catch (IOException e) {
          h.close();
        }
      }
      if (tick) {
        nextByte += 1_000_000_000L;
      }
      Thread.sleep(20);
    }
    report(seconds);
    for (Held h : held) {
      h.channel.close();
    }
  }

  private static void write(Held h, String text) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (buffer.hasRemaining()) {
      h.channel.write(buffer);
    }
  }

  private void report(int seconds) {
    double[] closedAfter = held.stream().filter(h -> h.closedNanos != 0)
        .mapToDouble(h -> (h.closedNanos - h.openedNanos) / 1e9).sorted().toArray();
    int open = held.size() - closedAfter.length;
    String statuses = mode != Mode.SSE ? "" : " statuses=" + held.stream().filter(h -> h.status != 0)
        .collect(java.util.stream.Collectors.groupingBy(h -> h.status, java.util.TreeMap::new,
            java.util.stream.Collectors.counting()));
    System.out.printf(Locale.ROOT, "HOLD mode=%s connections=%d closed_by_server=%d still_open_after_%ds=%d"
            + " median_hold_s=%s max_hold_s=%s%s%n", mode.name().toLowerCase(Locale.ROOT), held.size(),
        closedAfter.length, seconds, open,
        closedAfter.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", closedAfter[closedAfter.length / 2]),
        closedAfter.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f",
            Arrays.stream(closedAfter).max().orElse(0)), statuses);
  }

  /** One held connection. */
  private static final class Held {
    final SocketChannel channel;
    final long openedNanos;
    long closedNanos;
    int sent;
    int status;

    Held(SocketChannel channel, long openedNanos) {
      this.channel = channel;
      this.openedNanos = openedNanos;
    }

    void close() {
      closedNanos = System.nanoTime();
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a connection the server already closed
      }
    }
  }
}
