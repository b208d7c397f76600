package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
  @Test
  void theFactoryRunsOnceWhateverTheNumberOfThreadsAsking() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Lazy<Object> lazy =
        new Lazy<>(
            () -> {
              calls.incrementAndGet();
              return new Object();
            });
    assertEquals(0, calls.get(), "nothing is built before the first get");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(
            pool.submit(
                () -> {
                  start.await();
                  return lazy.get();
                }));
      }
      start.countDown();
      Object first = got.get(0).get();
      for (Future<Object> f : got) {
        assertSame(first, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, calls.get());
  }

  @Test
  void aFactoryThatReturnsNullIsAnError() {
    Lazy<Object> lazy = new Lazy<>(() -> null);
    assertEquals(
        "factory returned null", assertThrows(NullPointerException.class, lazy::get).getMessage());
  }
}
