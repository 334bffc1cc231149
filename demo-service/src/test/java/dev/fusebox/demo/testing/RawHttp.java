package dev.fusebox.demo.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw TCP connection to a local server, for requests no HTTP client would send (slowloris, odd request lines)
 * and for reading exactly what came back, connection close included.
 */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  /** Connects to 127.0.0.1:{@code port}; reads time out after 10 s. */
  public static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    return new RawHttp(socket);
  }

  /** Sends {@code text} as ISO-8859-1 bytes. */
  public RawHttp send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Reads one response: head, then a body of {@code Content-Length} bytes (or none). */
  public Response readResponse() throws IOException {
    return read(true);
  }

  /** Reads a response head only (a {@code HEAD} answer, or the start of a stream). */
  public Response readHeadOnly() throws IOException {
    return read(false);
  }

  private Response read(boolean withBody) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes of a response head: "
            + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
          : b == '\r' ? 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    int length = 0;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    byte[] body = withBody ? in.readNBytes(length) : new byte[0];
    return new Response(status, text, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Waits up to {@code millis} for the server to close the connection, discarding what it sends; true if it
   * closed (end of stream or reset), false if it was still open.
   */
  public boolean closedWithin(long millis) throws IOException {
    socket.setSoTimeout((int) Math.max(1, millis));
    try {
      while (in.read() >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  /** Whether the server has closed the connection, checked without waiting long. */
  public boolean isClosedByServer() throws IOException {
    return closedWithin(50);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * One response.
   *
   * @param status the status code
   * @param head the status line and headers, as sent
   * @param body the body
   */
  public record Response(int status, String head, String body) {

    /** The value of header {@code name}, or null. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }
}
