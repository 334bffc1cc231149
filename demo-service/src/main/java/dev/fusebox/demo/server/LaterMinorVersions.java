package dev.fusebox.demo.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Serves a request whose line says {@code HTTP/1.N}, N &gt; 1, as HTTP/1.1: "a recipient that receives a message
 * with a higher minor version than it implements ... process[es] the message as if it were in the highest minor
 * version within that major version to which the recipient is conformant" (RFC 9112 §2.3). Vert.x 5 answers such a
 * request {@code 501} before any application handler sees it, so a client could make the server produce a
 * {@code 5xx} at will.
 *
 * <p>How: a Netty handler right after the connection's HTTP decoder rewrites the decoded request's version. This
 * reaches into Vert.x's internals (the connection's channel pipeline, its {@code httpDecoder} handler); when they are
 * not as expected, it installs nothing and the server keeps Vert.x's behaviour — and {@code HardenedServerTest}
 * fails, which is what should happen on a Vert.x upgrade that changes them.
 *
 * <p>Thread-safe: stateless, shared by all connections.
 */
@ChannelHandler.Sharable
final class LaterMinorVersions extends ChannelInboundHandlerAdapter {

  private static final LaterMinorVersions INSTANCE = new LaterMinorVersions();
  private static final String DECODER = "httpDecoder";
  private static final String NAME = "fuseboxLaterMinorVersions";

  private LaterMinorVersions() {
  }

  /** Adds the rewrite to {@code connection}'s pipeline, if it is an HTTP/1 connection with a known layout. */
  static void installOn(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(DECODER) != null && pipeline.get(NAME) == null) {
      pipeline.addAfter(DECODER, NAME, INSTANCE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      HttpVersion version = request.protocolVersion();
      if (version.majorVersion() == 1 && version.minorVersion() > 1) {
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
      }
    }
    ctx.fireChannelRead(msg);
  }
}
