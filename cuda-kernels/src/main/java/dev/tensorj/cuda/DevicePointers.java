package dev.tensorj.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The raw device address of a JCuda {@link CUdeviceptr}, for the FFM calls into cuBLAS and cuDNN: JCuda keeps
 * it (and the byte offset of a {@code withByteOffset} view) in private fields, read here once through var
 * handles (JCuda is on the class path, an unnamed module, so its private fields are open to us).
 */
final class DevicePointers {
    private static final VarHandle NATIVE_POINTER, BYTE_OFFSET;

    static {
        try {
            NATIVE_POINTER = MethodHandles.privateLookupIn(NativePointerObject.class, MethodHandles.lookup())
                    .findVarHandle(NativePointerObject.class, "nativePointer", long.class);
            BYTE_OFFSET = MethodHandles.privateLookupIn(Pointer.class, MethodHandles.lookup()).findVarHandle(Pointer.class, "byteOffset", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("JCuda's Pointer no longer has the fields nativePointer/byteOffset: " + e);
        }
    }

    private DevicePointers() {
    }

    /** The device address {@code pointer} designates (its allocation's address plus its byte offset). */
    static long address(CUdeviceptr pointer) {
        return (long) NATIVE_POINTER.get(pointer) + (long) BYTE_OFFSET.get(pointer);
    }
}
