package dev.tensorj.cuda.vendor;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * One C function of a vendor library, by name and signature (as its header declares it). Binding looks the
 * symbol up and makes a downcall handle; a symbol the library does not export is an {@link UnsatisfiedLinkError}
 * naming it (caught by the probes, so a library of the wrong version is a reason, never a crash).
 *
 * @param name       the exported symbol, e.g. {@code cublasSgemmStridedBatched}
 * @param descriptor its C signature in FFM layouts
 */
public record NativeFunction(String name, FunctionDescriptor descriptor) {

    /** A function returning {@code result} (a status enum, usually) and taking {@code arguments}. */
    public static NativeFunction of(String name, MemoryLayout result, MemoryLayout... arguments) {
        return new NativeFunction(name, FunctionDescriptor.of(result, arguments));
    }

    /** The downcall handle for this function in {@code library}. */
    public MethodHandle bind(SymbolLookup library) {
        var symbol = library.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name + " is not exported by the library (another version?)"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }
}
