package dev.fusebox.internal;

import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Listeners;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.spi.Telemetry;
import java.util.function.Consumer;

/**
 * A guard's event emitter: an event of a call goes to that call's observers and to the guard's listeners; an event
 * outside any call goes to the listeners only.
 *
 * <p>Thread-safe: the listeners are a copy-on-write list, each call's observers an immutable set.
 */
final class GuardTelemetry implements Telemetry {

  private final Listeners<PolicyEvent> listeners;

  GuardTelemetry(String guardName, java.util.List<Consumer<? super PolicyEvent>> listeners) {
    this.listeners = new Listeners<>("guard", guardName);
    listeners.forEach(this.listeners::add);
  }

  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  @Override
  public boolean isEnabled(Execution<?> execution) {
    return execution instanceof Call<?> call && call.observers != null || !listeners.isEmpty();
  }

  @Override
  public void report(Execution<?> execution, PolicyEvent event) {
    if (event == null) {
      return;
    }
    if (execution instanceof Call<?> call && call.observers != null) {
      call.observers.onEvent(event);
    }
    listeners.fire(event);
  }

  @Override
  public void report(PolicyEvent event) {
    if (event != null) {
      listeners.fire(event);
    }
  }
}
