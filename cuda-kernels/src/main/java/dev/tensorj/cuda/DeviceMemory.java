package dev.tensorj.cuda;

/**
 * Raw device memory, as the driver gives it: {@link CachingAllocator} sits on top. An interface so that the
 * allocator's bookkeeping is tested without a GPU; the real one is {@link CudaRuntime}'s cuMemAlloc/cuMemFree.
 *
 * @param <B> the handle of one allocation (a {@code CUdeviceptr} for the driver)
 */
public interface DeviceMemory<B> {

    /** Allocates {@code bytes}; throws {@link OutOfDeviceMemoryException} when the device has no room. */
    B allocate(long bytes);

    void free(B block);

    /** Thrown by {@link #allocate} when the device is out of memory (CUDA_ERROR_OUT_OF_MEMORY). */
    final class OutOfDeviceMemoryException extends RuntimeException {
        public OutOfDeviceMemoryException(String message) {
            super(message);
        }
    }
}
