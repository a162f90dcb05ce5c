package dev.tensorj.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator's bookkeeping against a fake device with a fixed capacity. */
class CachingAllocatorTest {

    /** A device of {@code capacity} bytes handing out numbered blocks. */
    static final class FakeDevice implements DeviceMemory<Long> {
        final long capacity;
        long used, nextHandle = 1, allocations, frees;
        final java.util.Map<Long, Long> live = new java.util.HashMap<>();

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public Long allocate(long bytes) {
            if (used + bytes > capacity) throw new OutOfDeviceMemoryException("fake device full: " + used + " + " + bytes + " > " + capacity);
            used += bytes;
            allocations++;
            live.put(nextHandle, bytes);
            return nextHandle++;
        }

        @Override
        public void free(Long block) {
            Long bytes = live.remove(block);
            if (bytes == null) throw new IllegalStateException("double free of block " + block);
            used -= bytes;
            frees++;
        }
    }

    @Test
    void roundsSmallRequestsTo512BytesAndLargeTo2MiB() {
        assertEquals(512, CachingAllocator.roundUp(0));
        assertEquals(512, CachingAllocator.roundUp(1));
        assertEquals(512, CachingAllocator.roundUp(512));
        assertEquals(1024, CachingAllocator.roundUp(513));
        assertEquals(1 << 20, CachingAllocator.roundUp(1 << 20));
        assertEquals(2 << 20, CachingAllocator.roundUp((1 << 20) + 1));
        assertEquals(4 << 20, CachingAllocator.roundUp((2 << 20) + 1));
    }

    @Test
    void releasedBlocksAreReusedAndCounted() {
        FakeDevice device = new FakeDevice(1 << 30);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device);
        var a = allocator.allocate(1000);
        var b = allocator.allocate(1000);
        assertNotEquals(a.handle(), b.handle());
        assertEquals(new CachingAllocator.Stats(2048, 0, 2048, 2, 0, 0), allocator.stats());
        allocator.release(a);
        assertEquals(new CachingAllocator.Stats(1024, 1024, 2048, 2, 0, 0), allocator.stats());
        var c = allocator.allocate(700); // rounds to 1024 as well: served from the cache
        assertEquals(a.handle(), c.handle());
        assertEquals(new CachingAllocator.Stats(2048, 0, 2048, 2, 1, 0), allocator.stats());
        var d = allocator.allocate(3000); // another size class: from the device
        assertEquals(3, device.allocations);
        assertEquals(2048 + 3072, allocator.stats().peakBytesInUse());
        allocator.release(b);
        allocator.release(c);
        allocator.release(d);
        assertEquals(0, allocator.stats().bytesInUse());
        assertEquals(2048 + 3072, allocator.stats().bytesCached());
        assertEquals(0, device.frees, "released blocks stay cached");
    }

    @Test
    void aTrainingLoopReachesASteadyStateWithoutDeviceAllocations() {
        FakeDevice device = new FakeDevice(1 << 30);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device);
        long[] stepSizes = {4096, 128 * 784 * 4, 128 * 10 * 4, 77};
        for (int step = 0; step < 50; step++) {
            List<CachingAllocator.Block<Long>> live = new ArrayList<>();
            for (long size : stepSizes) live.add(allocator.allocate(size));
            for (var block : live) allocator.release(block);
        }
        assertEquals(stepSizes.length, device.allocations, "only the first step reaches the device");
        assertEquals(49 * stepSizes.length, allocator.stats().cacheHits());
        assertEquals(0, allocator.stats().bytesInUse());
    }

    @Test
    void outOfMemoryTrimsTheCacheAndRetries() {
        FakeDevice device = new FakeDevice(8 << 20);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device);
        var a = allocator.allocate(3 << 20); // 4 MiB rounded
        var b = allocator.allocate(3 << 20);
        allocator.release(a);
        allocator.release(b);
        var c = allocator.allocate(5 << 20); // 6 MiB: no room until both cached 4 MiB blocks are freed
        assertEquals(2, device.frees);
        assertEquals(6 << 20, device.used);
        var stats = allocator.stats();
        assertEquals(1, stats.trims());
        assertEquals(0, stats.bytesCached());
        assertEquals(6 << 20, stats.bytesInUse());
        allocator.release(c);
    }

    @Test
    void outOfMemoryAfterTrimNamesTheRequestAndTheStatistics() {
        FakeDevice device = new FakeDevice(4 << 20);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device);
        allocator.allocate(3 << 20);
        var e = assertThrows(DeviceMemory.OutOfDeviceMemoryException.class, () -> allocator.allocate(3 << 20));
        assertTrue(e.getMessage().contains("allocating 3145728 bytes") && e.getMessage().contains("in use 4.0 MiB"), e.getMessage());
        assertEquals(4 << 20, allocator.stats().bytesInUse(), "the failed request is not counted");
    }

    @Test
    void whenTrimmingIsNotEnoughTheReclaimHookReturnsUnreferencedBlocks() {
        FakeDevice device = new FakeDevice(8 << 20);
        List<CachingAllocator.Block<Long>> garbage = new ArrayList<>(); // blocks of tensors the collector would find
        var holder = new java.util.concurrent.atomic.AtomicReference<CachingAllocator<Long>>();
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> {
            for (var block : garbage) holder.get().release(block);
            garbage.clear();
        });
        holder.set(allocator);
        garbage.add(allocator.allocate(3 << 20));
        garbage.add(allocator.allocate(3 << 20));
        var big = allocator.allocate(7 << 20); // 8 MiB: needs both 4 MiB blocks back, then freed
        assertEquals(8 << 20, big.bytes());
        assertEquals(0, allocator.stats().bytesCached());
        assertEquals(8 << 20, allocator.stats().bytesInUse());
        assertTrue(allocator.stats().trims() >= 2, allocator.stats().toString());
    }

    @Test
    void trimFreesEveryCachedBlockOnce() {
        FakeDevice device = new FakeDevice(1 << 30);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device);
        Set<Long> handles = new HashSet<>();
        List<CachingAllocator.Block<Long>> blocks = new ArrayList<>();
        for (int i = 0; i < 10; i++) blocks.add(allocator.allocate(100L * (i + 1) * 1000));
        for (var block : blocks) {
            handles.add(block.handle());
            allocator.release(block);
        }
        long cached = allocator.stats().bytesCached();
        assertEquals(cached, allocator.trim());
        assertEquals(10, device.frees);
        assertEquals(0, device.used);
        assertEquals(0, allocator.trim(), "nothing left to free");
        assertEquals(10, handles.size());
    }
}
