package dev.tensorj.cuda;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A caching device allocator, after PyTorch's: cudaMalloc and cudaFree are slow and synchronise the device,
 * so a freed block goes to a cache keyed by its (rounded) size and the next request of that size reuses it.
 * Sizes are rounded up to 512 bytes (up to 1 MiB) or to 2 MiB above, so a training loop that allocates the
 * same shapes every step reaches a steady state and device memory stays flat across epochs.
 *
 * <p>When the device is out of memory, the cache is trimmed (every cached block freed) and the allocation
 * retried; if that fails too, the {@code reclaim} hook runs (the backend's asks the garbage collector to
 * return the blocks of tensors nobody references any more: Java's heap does not feel device memory
 * pressure), then trim and retry once more before the error, which names the request and the statistics.
 * Thread-safe.
 *
 * <p>Reuse is safe without events because all our work runs on one stream, in order: a block released
 * while a kernel still reads it is handed out again only to work queued after that kernel.
 *
 * @param <B> the device's block handle
 */
public final class CachingAllocator<B> {
    /** Requests up to this size round to a multiple of {@link #SMALL_GRANULE}, larger ones to {@link #LARGE_GRANULE}. */
    public static final long SMALL_LIMIT = 1L << 20, SMALL_GRANULE = 512, LARGE_GRANULE = 2L << 20;

    private final DeviceMemory<B> device;
    private final Runnable reclaim;
    private final TreeMap<Long, ArrayDeque<B>> cache = new TreeMap<>();
    private long bytesInUse, bytesCached, peakBytesInUse, deviceAllocations, cacheHits, trims;

    public CachingAllocator(DeviceMemory<B> device) {
        this(device, () -> { });
    }

    /** @param reclaim run (without the allocator's lock) when trimming alone does not make room */
    public CachingAllocator(DeviceMemory<B> device, Runnable reclaim) {
        this.device = device;
        this.reclaim = reclaim;
    }

    /** One allocation: the device block and its rounded size (what {@link #release} gives back). */
    public record Block<B>(B handle, long bytes) {
    }

    /** What the allocator holds now, and since it began. */
    public record Stats(long bytesInUse, long bytesCached, long peakBytesInUse, long deviceAllocations, long cacheHits, long trims) {
        @Override
        public String toString() {
            return String.format("in use %.1f MiB, cached %.1f MiB, peak %.1f MiB, %d device allocations, %d cache hits, %d trims",
                    bytesInUse / 1048576.0, bytesCached / 1048576.0, peakBytesInUse / 1048576.0, deviceAllocations, cacheHits, trims);
        }
    }

    /** The size a request of {@code bytes} is served with (at least one granule, so zero-sized tensors get a block too). */
    public static long roundUp(long bytes) {
        long granule = bytes <= SMALL_LIMIT ? SMALL_GRANULE : LARGE_GRANULE;
        return Math.max(granule, (bytes + granule - 1) / granule * granule);
    }

    /** A block of at least {@code bytes}: from the cache when one of that size is there, else from the device. */
    public Block<B> allocate(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("CachingAllocator: negative request of " + bytes + " bytes");
        long size = roundUp(bytes);
        try {
            return allocateOrTrim(size);
        } catch (DeviceMemory.OutOfDeviceMemoryException first) {
            reclaim.run(); // outside the lock: the blocks it frees come back through release()
            try {
                return allocateOrTrim(size);
            } catch (DeviceMemory.OutOfDeviceMemoryException second) {
                throw new DeviceMemory.OutOfDeviceMemoryException("CachingAllocator: out of device memory allocating " + bytes
                        + " bytes (rounded to " + size + ") after freeing the cache; " + stats());
            }
        }
    }

    /** From the cache, else from the device, else trim the cache and try the device once more. */
    private synchronized Block<B> allocateOrTrim(long size) {
        ArrayDeque<B> cached = cache.get(size);
        B handle;
        if (cached != null && !cached.isEmpty()) {
            handle = cached.pop();
            bytesCached -= size;
            cacheHits++;
        } else {
            try {
                handle = device.allocate(size);
            } catch (DeviceMemory.OutOfDeviceMemoryException e) {
                trim();
                handle = device.allocate(size);
            }
            deviceAllocations++;
        }
        bytesInUse += size;
        peakBytesInUse = Math.max(peakBytesInUse, bytesInUse);
        return new Block<>(handle, size);
    }

    /** Returns a block to the cache (it is not freed on the device until {@link #trim}). */
    public synchronized void release(Block<B> block) {
        bytesInUse -= block.bytes();
        bytesCached += block.bytes();
        cache.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.handle());
    }

    /** Frees every cached block on the device; returns the bytes freed. */
    public synchronized long trim() {
        long freed = 0;
        for (Map.Entry<Long, ArrayDeque<B>> entry : cache.entrySet()) {
            for (B handle : entry.getValue()) {
                device.free(handle);
                freed += entry.getKey();
            }
        }
        cache.clear();
        bytesCached = 0;
        trims++;
        return freed;
    }

    public synchronized Stats stats() {
        return new Stats(bytesInUse, bytesCached, peakBytesInUse, deviceAllocations, cacheHits, trims);
    }
}
