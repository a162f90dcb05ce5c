package dev.tensorj.nn.io.torch;

import dev.tensorj.autograd.Grad;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.torch.Py.StorageRef;
import dev.tensorj.nn.io.torch.Py.TensorRef;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads PyTorch {@code .pth}/{@code .pt} checkpoints holding a {@code state_dict} — in pure Java, with
 * no Python and nothing executed — in all three formats {@code torch.load} still accepts:
 * <ul>
 *   <li>{@link Format#ZIP}: a zip archive with {@code data.pkl} and raw storages, what {@code torch.save}
 *       writes since PyTorch 1.6;</li>
 *   <li>{@link Format#LEGACY_PICKLE}: the pickle stream of PyTorch 0.1.10 to 1.5 (magic number,
 *       protocol, sys_info, the object, the storage keys, the raw storages);</li>
 *   <li>{@link Format#LEGACY_TAR}: the tar archive of {@code pickle}, {@code storages} and
 *       {@code tensors} of PyTorch before 0.1.10.</li>
 * </ul>
 * <b>torchvision's ImageNet weights</b> (the {@code IMAGENET1K_V1} files): {@code resnet18-f37072fd.pth}
 * and {@code alexnet-owt-7be5be79.pth} are zip checkpoints — torchvision re-saved its classification
 * weights with a current PyTorch in March 2021 (pytorch/vision#3620, closing #2068) because the files
 * they replace, {@code resnet18-5c106cde.pth} and {@code alexnet-owt-4df8aa71.pth}, were tar checkpoints
 * that {@code torch.load} could not read from a buffer (pytorch/pytorch#31615, #61817).
 * {@code vgg16-397923af.pth} was not re-saved: it comes from the March 2017 re-upload of the VGG weights,
 * which were no longer tar files (pytorch/vision#125), so it is a legacy pickle stream written by
 * PyTorch 0.1.x, which pickled tensors with {@code torch._utils._rebuild_tensor}. (Found from those
 * threads; the files themselves could not be downloaded here. Every format and both rebuild functions
 * are tested on fixtures written by PyTorch, and full-size random-weight files in torchvision's formats
 * load into {@code ResNet}, {@code AlexNet} and {@code VGG} and reproduce torchvision's outputs.)
 *
 * <p><b>Safety.</b> The pickle is read by a restricted unpickler in the spirit of
 * {@code torch.load(weights_only=True)}: only the opcodes and globals a {@code state_dict} needs
 * ({@code collections.OrderedDict}, {@code torch.Size}, {@code torch._utils._rebuild_tensor},
 * {@code _rebuild_tensor_v2}, {@code _rebuild_parameter}, the storage classes) are accepted; any other
 * global, such as {@code os.system} or {@code builtins.eval}, is refused with an error that names it.
 * Every size and offset is checked against the file before anything is allocated, zip entries are
 * checked against their CRC-32, and every tensor is checked against its storage before any data is
 * read, so a corrupt or truncated file raises a {@link PthFormatException} naming the file and what was
 * expected, and never yields part of its contents.
 *
 * <p><b>Values.</b> Float32, float64 and int64 tensors keep their dtype; float16 and bfloat16 become
 * FLOAT32; int32/int16/int8/uint8/bool become INT64. Storage offsets and strides are honoured (every
 * tensor comes back contiguous). Tensors saved on a GPU load onto the CPU. Nested dicts (a training
 * checkpoint's {@code {"model": state_dict, ...}}) are flattened with dotted keys; non-tensor values
 * (an epoch number, a string) are skipped and listed in {@link Contents#ignored()}.
 */
public final class TorchCheckpoint {
    /** The container format of a checkpoint. */
    public enum Format {
        /** A zip archive of {@code data.pkl} and raw storages ({@code torch.save} since PyTorch 1.6). */
        ZIP,
        /** The pickle stream of PyTorch 0.1.10 to 1.5. */
        LEGACY_PICKLE,
        /** The tar archive of PyTorch before 0.1.10. */
        LEGACY_TAR
    }

    /** A checkpoint's tensors by name (in file order), its format, and the keys of values that were not tensors. */
    public record Contents(Format format, Map<String, Tensor> tensors, List<String> ignored) {
    }

    private static final int MAX_NESTING = 32;
    /** The most elements an overlapping view (e.g. {@code expand}) may grow to when it is made contiguous. */
    static final long MAX_EXPANDED = 1L << 24;

    private TorchCheckpoint() {
    }

    /** Every tensor of a checkpoint by name (see {@link #read}). */
    public static Map<String, Tensor> load(Path file) throws IOException {
        return read(file).tensors();
    }

    /** Reads a whole checkpoint; throws {@link PthFormatException} when it is not a valid weights-only checkpoint. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Parsed parsed = parse(file, channel);
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            List<String> ignored = new ArrayList<>();
            collect(file, parsed.root(), "", refs, ignored, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
            Map<String, int[]> shapes = validate(file, refs, parsed.storages());
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (var e : refs.entrySet()) tensors.put(e.getKey(), readTensor(file, channel, parsed, e.getValue(), shapes.get(e.getKey())));
            return new Contents(parsed.format(), tensors, List.copyOf(ignored));
        }
    }

    /**
     * Loads a checkpoint into a module's parameters and buffers by name (torchvision's names, e.g.
     * {@code features.0.weight}), like PyTorch's {@code model.load_state_dict(torch.load(file))}. Every
     * missing (strict), unexpected (strict) and shape-mismatched key is reported at once, by name and
     * shape, before anything is read or modified ({@link Layer#checkStateDict}); the file is then read
     * whole, and only if all of it is valid are the values copied in. Values are cast to the module's
     * dtypes and moved to its device.
     */
    public static void loadInto(Layer module, Path file, boolean strict) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Parsed parsed = parse(file, channel);
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            collect(file, parsed.root(), "", refs, new ArrayList<>(), Collections.newSetFromMap(new IdentityHashMap<>()), 0);
            Map<String, int[]> shapes = validate(file, refs, parsed.storages());
            try {
                module.checkStateDict(shapes, strict);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " (" + shapes.size() + " tensors, " + TorchCheckpoint.guessModel(shapes.keySet()) + "), expected " + module.name() + ": " + e.getMessage(), e);
            }
            Map<String, Tensor> own = module.stateDict();
            Map<String, Tensor> values = new LinkedHashMap<>();
            for (var e : refs.entrySet()) {
                if (own.containsKey(e.getKey())) values.put(e.getKey(), readTensor(file, channel, parsed, e.getValue(), shapes.get(e.getKey())));
            }
            try (var noGrad = Grad.disabled()) {
                for (var e : values.entrySet()) {
                    Tensor target = own.get(e.getKey());
                    Tensor value = e.getValue();
                    if (value.dtype() != target.dtype()) value = value.to(target.dtype());
                    target.copyFrom(value.to(target.device()));
                }
            }
        }
    }

    /** The format of a file, from its first bytes, without reading the rest. */
    public static Format detect(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return detect(file, channel);
        }
    }

    private static Format detect(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        byte[] head = new byte[(int) Math.min(size, 512)];
        ByteBuffer b = ByteBuffer.wrap(head);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) { }
        if (ZipIndex.looksLikeZip(head)) return Format.ZIP;
        if (TarIndex.looksLikeTar(head)) return Format.LEGACY_TAR;
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2) return Format.LEGACY_PICKLE;
        throw new PthFormatException(file, "not a PyTorch checkpoint: neither a zip archive (PyTorch >= 1.6), a pickle stream "
                + "(PyTorch 0.1.10 to 1.5) nor a tar archive (older) — the file starts with " + hex(head, 8));
    }

    private static Parsed parse(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        try {
            return switch (detect(file, channel)) {
                case ZIP -> ZipFormat.parse(file, channel, size);
                case LEGACY_PICKLE -> LegacyFormat.parse(file, channel, size);
                case LEGACY_TAR -> TarFormat.parse(file, channel, size);
            };
        } catch (PthFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) { // a bug of ours: still the reader's own error type, naming the file
            throw new PthFormatException(file, "cannot read the checkpoint: " + e, e);
        }
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) sb.append(String.format("%02x ", b[i] & 0xFF));
        return sb.toString().trim();
    }

    /** Walks the unpickled object: a dict of tensors, possibly nested. */
    private static void collect(Path file, Object value, String prefix, Map<String, TensorRef> out, List<String> ignored, Set<Object> visiting, int depth)
            throws PthFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new PthFormatException(file, "the checkpoint holds a " + Py.typeName(value) + ", expected a dict of tensors (a state_dict)");
        }
        if (depth > MAX_NESTING || !visiting.add(map)) throw new PthFormatException(file, "dicts nested more than " + MAX_NESTING + " deep, or containing themselves");
        for (var e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) throw new PthFormatException(file, "a state_dict key is a " + Py.typeName(e.getKey()) + ", expected a str");
            String name = prefix + key;
            switch (e.getValue()) {
                case TensorRef t -> {
                    if (out.put(name, t) != null) throw new PthFormatException(file, "key '" + name + "' appears twice");
                }
                case Map<?, ?> m -> collect(file, m, name + ".", out, ignored, visiting, depth + 1);
                default -> ignored.add(name);
            }
        }
        visiting.remove(map);
    }

    /** Checks every tensor against its storage before any data is read; returns the shapes. */
    private static Map<String, int[]> validate(Path file, Map<String, TensorRef> refs, Map<String, StorageData> storages) throws PthFormatException {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (var e : refs.entrySet()) {
            String name = e.getKey();
            TensorRef t = e.getValue();
            StorageRef view = t.storageRef();
            StorageData data = storages.get(view.key());
            if (data == null) throw new PthFormatException(file, "tensor '" + name + "' refers to storage '" + view.key() + "', which the file does not hold");
            if (data.numel() > Integer.MAX_VALUE - 8) throw new PthFormatException(file, "storage '" + view.key() + "' has " + data.numel() + " elements, more than a Java array holds");
            int[] shape = new int[t.size().length];
            long numel = 1, last = t.offset();
            for (int d = 0; d < shape.length; d++) {
                long size = t.size()[d], stride = t.stride()[d];
                if (size < 0 || size > Integer.MAX_VALUE || stride < 0) {
                    throw new PthFormatException(file, "tensor '" + name + "' has size " + Arrays.toString(t.size()) + " and stride " + Arrays.toString(t.stride())
                            + ": sizes and strides must be non-negative");
                }
                shape[d] = (int) size;
                numel *= size;
                if (numel > Integer.MAX_VALUE) throw new PthFormatException(file, "tensor '" + name + "' of size " + Arrays.toString(t.size()) + " has too many elements");
            }
            if (numel > view.viewNumel() && numel > MAX_EXPANDED) { // only overlapping views (expand: stride 0) hold more elements than their storage
                throw new PthFormatException(file, "tensor '" + name + "' of size " + Arrays.toString(t.size()) + " and stride " + Arrays.toString(t.stride())
                        + " is an expanded view of a storage of " + view.viewNumel() + " elements; refusing to materialise more than " + MAX_EXPANDED);
            }
            if (numel > 0) {
                try {
                    for (int d = 0; d < shape.length; d++) last = Math.addExact(last, Math.multiplyExact(t.size()[d] - 1, t.stride()[d]));
                } catch (ArithmeticException overflow) {
                    last = Long.MAX_VALUE;
                }
                if (last >= view.viewNumel()) {
                    throw new PthFormatException(file, "tensor '" + name + "' (offset " + t.offset() + ", size " + Arrays.toString(t.size()) + ", stride "
                            + Arrays.toString(t.stride()) + ") reaches element " + last + " of a storage of " + view.viewNumel());
                }
            }
            shapes.put(name, shape);
        }
        return shapes;
    }

    private static Tensor readTensor(Path file, FileChannel channel, Parsed parsed, TensorRef ref, int[] shape) throws PthFormatException {
        try {
            return parsed.storages().get(ref.storageRef().key()).read(file, channel, ref, shape);
        } catch (PthFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PthFormatException(file, "cannot read a tensor: " + e, e);
        }
    }

    /**
     * What a state dict's keys look like (a .pth file has no metadata naming its model): torchvision's ResNet
     * ({@code layer1.0.conv1.weight}), VGG or AlexNet ({@code features.N} and {@code classifier.N}), or its first key.
     */
    static String guessModel(java.util.Set<String> keys) {
        if (keys.isEmpty()) return "no tensors";
        if (keys.contains("conv1.weight") && keys.stream().anyMatch(k -> k.startsWith("layer4."))) {
            return keys.stream().anyMatch(k -> k.contains(".conv3.")) ? "keys of a ResNet with bottleneck blocks (resnet50 or deeper)" : "keys of a ResNet (resnet18/34)";
        }
        if (keys.stream().anyMatch(k -> k.startsWith("features.")) && keys.stream().anyMatch(k -> k.startsWith("classifier."))) {
            long convs = keys.stream().filter(k -> k.startsWith("features.") && k.endsWith(".weight")).count();
            return "keys of " + (convs == 5 ? "AlexNet" : "a VGG with " + convs + " convolutions");
        }
        return "first key '" + keys.iterator().next() + "'";
    }
}
