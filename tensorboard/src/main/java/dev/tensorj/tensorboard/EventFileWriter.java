package dev.tensorj.tensorboard;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * One {@code events.out.tfevents.*} file: a sequence of TFRecords, each
 * <pre>
 *   uint64  length                     little-endian
 *   uint32  masked CRC-32C of length   (the 8 bytes above)
 *   byte[length]  data                 one serialised Event protobuf
 *   uint32  masked CRC-32C of data
 * </pre>
 * The mask, {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}, is TensorFlow's guard against a CRC
 * computed over data that itself holds CRCs. The first record is an Event with {@code file_version
 * "brain.Event:2"}, as TensorFlow and PyTorch write it.
 *
 * <p>Records are framed whole in memory and reach the file only on {@link #flush()} (and
 * {@link #close()}), in one write of whole records, so a crash leaves a file that ends at a record
 * boundary: TensorBoard reads it up to the last flush. A pending buffer larger than 1 MiB is flushed
 * at once, so images and histograms never pile up in memory.
 */
public final class EventFileWriter implements Closeable {
    private static final AtomicInteger FILE_COUNTER = new AtomicInteger();
    private static final int AUTO_FLUSH_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;

    /**
     * Creates {@code directory} (and parents) and a new event file in it, named as TensorFlow names
     * them: {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>} (TensorBoard finds files by the
     * word {@code tfevents}; the pid and counter keep two writers in one folder apart).
     */
    public EventFileWriter(Path directory) {
        try {
            Files.createDirectories(directory);
            String name = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d.%d", System.currentTimeMillis() / 1000, hostName(),
                    ProcessHandle.current().pid(), FILE_COUNTER.getAndIncrement());
            this.file = directory.resolve(name);
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot create an event file in " + directory, e);
        }
        writeEvent(Events.fileVersion(System.currentTimeMillis() / 1000.0));
        flush();
    }

    /** The file this writer appends to. */
    public Path file() {
        return file;
    }

    /** Frames one serialised Event protobuf as a record and queues it for the next {@link #flush()}. */
    public synchronized void writeEvent(byte[] event) {
        if (closed) throw new IllegalStateException("EventFileWriter: " + file + " is closed");
        ensure(event.length + 16);
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(event.length).array();
        pending.put(length).putInt(maskedCrc32c(length)).put(event).putInt(maskedCrc32c(event));
        if (pending.position() >= AUTO_FLUSH_BYTES) flush();
    }

    /** Writes the queued records to the file and forces them to disk. */
    public synchronized void flush() {
        if (closed || pending.position() == 0) return;
        pending.flip();
        try {
            while (pending.hasRemaining()) channel.write(pending);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot write " + file, e);
        } finally {
            pending.clear();
        }
    }

    /** Flushes and closes the file; further writes are an error, further closes do nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        flush();
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot close " + file, e);
        }
    }

    /** TensorFlow's masked CRC-32C (Castagnoli) of {@code data}, as an unsigned 32-bit value in an int. */
    public static int maskedCrc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + 0xa282ead8;
    }

    private void ensure(int extra) {
        if (pending.remaining() >= extra) return;
        ByteBuffer larger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + extra)).order(ByteOrder.LITTLE_ENDIAN);
        pending.flip();
        larger.put(pending);
        pending = larger;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
