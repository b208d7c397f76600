package dev.marquee.core.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel that behaves like a disk with {@code budget} bytes free: the write that crosses
 * the budget writes what fits and then fails with ENOSPC's message, as a real full disk does.
 */
final class FailingChannel extends FileChannel {
  private final FileChannel in;
  private final AtomicLong budget;

  FailingChannel(FileChannel in, AtomicLong budget) {
    this.in = in;
    this.budget = budget;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    long left = budget.get();
    if (src.remaining() <= left) {
      budget.addAndGet(-src.remaining());
      return in.write(src);
    }
    ByteBuffer part = src.duplicate();
    part.limit(part.position() + (int) Math.max(0, left));
    int n = in.write(part);
    src.position(src.position() + n);
    budget.set(0);
    throw new IOException("No space left on device");
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return in.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return in.read(dsts, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public long position() throws IOException {
    return in.position();
  }

  @Override
  public FileChannel position(long p) throws IOException {
    in.position(p);
    return this;
  }

  @Override
  public long size() throws IOException {
    return in.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    in.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    in.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return in.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseChannel() throws IOException {
    in.close();
  }
}
