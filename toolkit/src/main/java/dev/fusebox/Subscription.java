package dev.fusebox;

/** A registered listener; closing it stops delivery. Closing twice does nothing. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Removes the listener. */
  @Override
  void close();
}
