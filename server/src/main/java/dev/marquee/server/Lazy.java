package dev.marquee.server;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, at most once, by a factory (double-checked locking on a volatile
 * field): for what most calls never need, such as a retriever's exact fallback, which holds a copy
 * of the movie vectors.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  public Lazy(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(factory.get(), "factory returned null");
          value = v;
        }
      }
    }
    return v;
  }
}
