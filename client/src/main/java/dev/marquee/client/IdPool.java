package dev.marquee.client;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The ids a load test draws from, written {@code 1-943}, {@code 42} or {@code 1-10,50,60-70}; each
 * id of the union is drawn with equal probability (an id listed twice counts twice).
 */
record IdPool(List<Range> ranges, long size) {

  /** An inclusive range of ids. */
  record Range(long lo, long hi) {
    Range {
      if (lo < 1 || hi < lo) {
        throw new IllegalArgumentException("bad id range " + lo + "-" + hi);
      }
    }

    long size() {
      return hi - lo + 1;
    }

    @Override
    public String toString() {
      return lo == hi ? Long.toString(lo) : lo + "-" + hi;
    }
  }

  IdPool {
    ranges = List.copyOf(ranges);
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("an id pool needs at least one id");
    }
  }

  static IdPool of(long id) {
    return new IdPool(List.of(new Range(id, id)), 1);
  }

  static IdPool parse(String text) {
    List<Range> ranges = new ArrayList<>();
    long size = 0;
    for (String item : text.split(",", -1)) {
      String s = item.strip();
      int dash = s.indexOf('-', 1);
      try {
        long lo = Long.parseLong(dash < 0 ? s : s.substring(0, dash).strip());
        long hi = dash < 0 ? lo : Long.parseLong(s.substring(dash + 1).strip());
        if (lo < 1 || hi < lo) {
          throw new IllegalArgumentException(
              "'" + s + "' is not a range of positive ids (LO-HI with 1 <= LO <= HI)");
        }
        Range r = new Range(lo, hi);
        ranges.add(r);
        size = Math.addExact(size, r.size());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + s + "' is not an id or LO-HI range, e.g. 1-943 or 42");
      }
    }
    return new IdPool(ranges, size);
  }

  /** One id, uniformly over the pool. */
  long draw(SplittableRandom random) {
    long i = size == 1 ? 0 : random.nextLong(size);
    for (Range r : ranges) {
      if (i < r.size()) {
        return r.lo() + i;
      }
      i -= r.size();
    }
    throw new AssertionError("index beyond pool " + this);
  }

  @Override
  public String toString() {
    return String.join(",", ranges.stream().map(Range::toString).toList());
  }

  /** picocli converter; the message names the bad item. */
  static final class Converter implements ITypeConverter<IdPool> {
    @Override
    public IdPool convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
