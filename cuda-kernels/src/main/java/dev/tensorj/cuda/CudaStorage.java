package dev.tensorj.cuda;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Storage;
import jcuda.driver.CUdeviceptr;

import java.lang.ref.Cleaner;

/**
 * Elements in device memory, from the {@link CachingAllocator}. The block goes back to the allocator's cache
 * when the storage is {@link #release released} or, failing that, when it is garbage-collected (a
 * {@link Cleaner} action that holds the block, never the storage).
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final CachingAllocator.Block<CUdeviceptr> block;
    private final Cleaner.Cleanable cleanable;

    CudaStorage(Device device, DType dtype, int size, CachingAllocator<CUdeviceptr> allocator) {
        super(dtype, size);
        this.device = device;
        this.block = allocator.allocate((long) size * dtype.byteSize());
        CachingAllocator.Block<CUdeviceptr> owned = block;
        this.cleanable = CLEANER.register(this, () -> allocator.release(owned));
    }

    @Override
    public Device device() {
        return device;
    }

    /** The device address of element {@code elementOffset}. */
    public CUdeviceptr at(int elementOffset) {
        return block.handle().withByteOffset((long) elementOffset * dtype().byteSize());
    }

    CUdeviceptr base() {
        return block.handle();
    }

    long bytes() {
        return (long) size() * dtype().byteSize();
    }

    /** Gives the block back to the allocator now (idempotent); the storage must not be used afterwards. */
    public void release() {
        cleanable.clean();
    }
}
