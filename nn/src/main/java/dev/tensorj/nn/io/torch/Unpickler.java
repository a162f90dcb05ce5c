package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.io.torch.Py.Bytes;
import dev.tensorj.nn.io.torch.Py.Callable;
import dev.tensorj.nn.io.torch.Py.StorageRef;
import dev.tensorj.nn.io.torch.Py.TensorClass;
import dev.tensorj.nn.io.torch.Py.TensorRef;
import dev.tensorj.nn.io.torch.Py.Tuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted unpickler in the spirit of {@code torch.load(weights_only=True)}: it understands the
 * pickle opcodes a {@code state_dict} uses (protocols 0 to 5, minus the object-building ones) and
 * resolves only an allow-list of globals: {@code collections.OrderedDict}, {@code torch.Size}, the
 * tensor and parameter rebuild functions of {@code torch._utils}, and the storage and tensor classes
 * ({@code torch.FloatStorage}, {@code torch.cuda.FloatStorage}, {@code torch.FloatTensor}, ...). Any
 * other global ({@code os.system}, {@code builtins.eval}, a model class, ...) is refused with an error
 * naming it. Nothing is ever executed: the "functions" are Java code that builds {@link TensorRef}s
 * and maps; storages are whatever the container's {@link PersistentLoader} returns for a persistent id.
 *
 * <p>The machine is a stack and a memo, with no recursion, and every opcode consumes at least one
 * byte, so a pickle of n bytes runs at most n steps. Values are never printed in messages (a list may
 * contain itself); only their types are.
 */
final class Unpickler {
    /** Turns a persistent id (the tuple or string the saver wrote) into a storage or tensor. */
    interface PersistentLoader {
        Object load(Object pid) throws PthFormatException;
    }

    private static final Object MARK = new Object();
    private static final int MAX_DIMS = 64;

    private final FileRegion in;
    private final PersistentLoader persistent;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long opcodeAt;
    private int opcode;

    Unpickler(FileRegion in, PersistentLoader persistent) {
        this.in = in;
        this.persistent = persistent;
    }

    /** Reads one pickle (up to and including its STOP opcode) and returns its value. */
    static Object load(FileRegion in, PersistentLoader persistent) throws PthFormatException {
        return new Unpickler(in, persistent).run();
    }

    private PthFormatException bad(String problem) {
        return new PthFormatException(in.file(), in.what() + ": " + problem + " (opcode " + opName(opcode) + " at byte " + opcodeAt + ")");
    }

    private Object run() throws PthFormatException {
        while (true) {
            opcodeAt = in.offset();
            opcode = in.readByte("a pickle opcode");
            switch (opcode) {
                case 0x80 -> { // PROTO
                    int protocol = in.readByte("the protocol number");
                    if (protocol > 5) throw bad("pickle protocol " + protocol + " is newer than 5");
                }
                case 0x95 -> in.readLE(8, "the frame length"); // FRAME: framing is only a read-ahead hint
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) throw bad("the pickle ends with " + stack.size() + " values on the stack, expected 1");
                    return stack.getFirst();
                }
                case '(' -> marks.add(stack.size()); // MARK
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(Py.NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) (int) in.readLE(4, "BININT")); // signed 32-bit
                case 'K' -> push(in.readLE(1, "BININT1"));
                case 'M' -> push(in.readLE(2, "BININT2"));
                case 0x8a -> push(longOf(in.readBytes(in.readLE(1, "LONG1 length"), "LONG1"))); // LONG1
                case 0x8b -> push(longOf(in.readBytes(signedLength(in.readLE(4, "LONG4 length")), "LONG4")));
                case 'I' -> push(textInt(in.readLine(64, "INT"))); // protocol 0 int, also True/False as I01/I00
                case 'L' -> push(textInt(stripL(in.readLine(4096, "LONG"))));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.readLE(8, "BINFLOAT")))); // big-endian double
                case 'X' -> push(FileRegion.utf8(in.readBytes(in.readLE(4, "BINUNICODE length"), "BINUNICODE")));
                case 0x8c -> push(FileRegion.utf8(in.readBytes(in.readLE(1, "SHORT_BINUNICODE length"), "SHORT_BINUNICODE")));
                case 0x8d -> push(FileRegion.utf8(in.readBytes(signedLength(in.readLE(8, "BINUNICODE8 length")), "BINUNICODE8")));
                // Python 2 str: torch.load decodes these with encoding='utf-8'
                case 'T' -> push(FileRegion.utf8(in.readBytes(signedLength(in.readLE(4, "BINSTRING length")), "BINSTRING")));
                case 'U' -> push(FileRegion.utf8(in.readBytes(in.readLE(1, "SHORT_BINSTRING length"), "SHORT_BINSTRING")));
                case 'B' -> push(new Bytes(in.readBytes(in.readLE(4, "BINBYTES length"), "BINBYTES")));
                case 'C' -> push(new Bytes(in.readBytes(in.readLE(1, "SHORT_BINBYTES length"), "SHORT_BINBYTES")));
                case 0x8e -> push(new Bytes(in.readBytes(signedLength(in.readLE(8, "BINBYTES8 length")), "BINBYTES8")));
                case ')' -> push(new Tuple(List.of()));
                case 0x85 -> push(tuple(popN(1)));
                case 0x86 -> push(tuple(popN(2)));
                case 0x87 -> push(tuple(popN(3)));
                case 't' -> push(tuple(popMark()));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'a' -> { // APPEND
                    Object item = pop();
                    list(peek()).add(item);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> { // DICT
                    List<Object> items = popMark();
                    Map<Object, Object> map = new LinkedHashMap<>();
                    setItems(map, items);
                    push(map);
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    setItems(map(peek()), List.of(key, value));
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    setItems(map(peek()), items);
                }
                case 'q' -> memo.put(in.readLE(1, "BINPUT index"), peek());
                case 'r' -> memo.put(in.readLE(4, "LONG_BINPUT index"), peek());
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'p' -> memo.put(textIndex(in.readLine(32, "PUT index")), peek());
                case 'h' -> push(memoGet(in.readLE(1, "BINGET index")));
                case 'j' -> push(memoGet(in.readLE(4, "LONG_BINGET index")));
                case 'g' -> push(memoGet(textIndex(in.readLine(32, "GET index"))));
                case 'c' -> { // GLOBAL: "module\nname\n"
                    String module = in.readLine(256, "GLOBAL module");
                    String name = in.readLine(256, "GLOBAL name");
                    push(resolve(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(), module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) throw bad("STACK_GLOBAL needs two strings, got " + Py.typeName(module) + " and " + Py.typeName(name));
                    push(resolve(m, n));
                }
                case 'Q' -> push(persistent.load(pop())); // BINPERSID
                case 'P' -> push(persistent.load(in.readLine(256, "PERSID"))); // PERSID
                case 'R' -> { // REDUCE
                    Object args = pop(), function = pop();
                    push(call(function, args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    build(peek(), state);
                }
                default -> throw bad("an opcode that is not allowed in a weights-only checkpoint (it builds arbitrary objects, or is no pickle opcode)");
            }
        }
    }

    // ---- stack ----

    private void push(Object v) {
        stack.add(v);
    }

    private Object pop() throws PthFormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw bad("stack underflow");
        return stack.removeLast();
    }

    private Object peek() throws PthFormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw bad("stack underflow");
        return stack.getLast();
    }

    private List<Object> popN(int n) throws PthFormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() - floor < n) throw bad("stack underflow");
        List<Object> top = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return top;
    }

    private List<Object> popMark() throws PthFormatException {
        if (marks.isEmpty()) throw bad("no MARK on the stack");
        int at = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private Object memoGet(long index) throws PthFormatException {
        Object v = memo.get(index);
        if (v == null) throw bad("memo entry " + index + " was never stored");
        return v;
    }

    // ---- values ----

    private static Tuple tuple(List<Object> items) {
        return new Tuple(List.copyOf(items));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object v) throws PthFormatException {
        if (v instanceof ArrayList<?> l) return (List<Object>) l;
        throw bad("expected a list to append to, got " + Py.typeName(v));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object v) throws PthFormatException {
        if (v instanceof LinkedHashMap<?, ?> m) return (Map<Object, Object>) m;
        throw bad("expected a dict to set items in, got " + Py.typeName(v));
    }

    private void setItems(Map<Object, Object> map, List<Object> items) throws PthFormatException {
        if (items.size() % 2 != 0) throw bad("odd number of items (" + items.size() + ") for a dict");
        for (int i = 0; i < items.size(); i += 2) map.put(hashable(items.get(i)), items.get(i + 1));
    }

    /** Dict keys must be immutable values (a list key could contain itself and hash forever). */
    private Object hashable(Object key) throws PthFormatException {
        if (key instanceof String || key instanceof Long || key instanceof BigInteger || key instanceof Double || key instanceof Boolean || key instanceof Py.None) {
            return key;
        }
        if (key instanceof Tuple t) {
            for (Object item : t.items()) hashable(item);
            return key;
        }
        throw bad("a dict key of type " + Py.typeName(key) + " is not allowed");
    }

    private static long signedLength(long n) {
        return n < 0 ? Long.MAX_VALUE : n; // an 8-byte length above 2^63 can never fit: require() refuses it
    }

    /** Python's LONG1/LONG4 payload: little-endian two's complement. */
    private static Object longOf(byte[] le) {
        if (le.length == 0) return 0L;
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Object textInt(String s) throws PthFormatException {
        if (s.equals("01")) return Boolean.TRUE;
        if (s.equals("00")) return Boolean.FALSE;
        try {
            BigInteger v = new BigInteger(s.trim());
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        } catch (NumberFormatException e) {
            throw bad("not an integer");
        }
    }

    private static String stripL(String s) {
        return s.endsWith("L") ? s.substring(0, s.length() - 1) : s;
    }

    private long textIndex(String s) throws PthFormatException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw bad("memo index is not a number");
        }
    }

    // ---- globals: the allow-list ----

    private Object resolve(String module, String name) throws PthFormatException {
        String full = module + "." + name;
        for (Callable c : Callable.values()) if (c.pythonName.equals(full)) return c;
        if (module.equals("torch") || module.equals("torch.cuda")) {
            StorageType storage = StorageType.ofClassName(name);
            if (storage != null) return storage;
            StorageType tensorStorage = StorageType.ofTensorClassName(name);
            if (tensorStorage != null) return new TensorClass(tensorStorage);
        }
        throw new PthFormatException(in.file(), in.what() + ": refusing global '" + full + "' (byte " + opcodeAt
                + "): a weights-only checkpoint may name only collections.OrderedDict, torch.Size, torch._utils' tensor and parameter "
                + "rebuild functions and torch's storage and tensor classes; nothing was executed");
    }

    private Object call(Object function, Object args) throws PthFormatException {
        if (!(function instanceof Callable c)) throw bad("cannot call " + Py.typeName(function) + " (only allowed functions can be called)");
        if (!(args instanceof Tuple t)) throw bad(c.pythonName + " needs a tuple of arguments, got " + Py.typeName(args));
        List<Object> a = t.items();
        return switch (c) {
            case ORDERED_DICT -> orderedDict(a);
            case TORCH_SIZE -> {
                arity(c, a, 1, 1);
                long[] dims = longs(a.getFirst(), "torch.Size");
                List<Object> items = new ArrayList<>();
                for (long d : dims) items.add(d);
                yield new Tuple(List.copyOf(items));
            }
            case REBUILD_TENSOR -> {
                arity(c, a, 4, 4);
                yield tensor(c, a);
            }
            case REBUILD_TENSOR_V2 -> {
                arity(c, a, 6, 7);
                if (!(a.get(4) instanceof Boolean)) throw bad(c.pythonName + ": requires_grad must be a bool, got " + Py.typeName(a.get(4)));
                noHooks(c, a.get(5));
                if (a.size() == 7 && !(a.get(6) instanceof Py.None) && !(a.get(6) instanceof Map<?, ?> m && m.isEmpty())) {
                    throw bad(c.pythonName + ": tensor metadata of type " + Py.typeName(a.get(6)) + " (conjugate/negative bits) is not supported");
                }
                yield tensor(c, a);
            }
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                if (c == Callable.REBUILD_PARAMETER) arity(c, a, 3, 3);
                else arity(c, a, 4, 4);
                if (!(a.get(0) instanceof TensorRef data)) throw bad(c.pythonName + ": data must be a tensor, got " + Py.typeName(a.get(0)));
                noHooks(c, a.get(2));
                if (a.size() == 4 && !(a.get(3) instanceof Py.None) && !(a.get(3) instanceof Map<?, ?> m && m.isEmpty())) {
                    throw bad(c.pythonName + ": a parameter with extra state is not supported");
                }
                yield data;
            }
        };
    }

    private void arity(Callable c, List<Object> a, int min, int max) throws PthFormatException {
        if (a.size() < min || a.size() > max) {
            throw bad(c.pythonName + " takes " + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments, got " + a.size());
        }
    }

    private void noHooks(Callable c, Object hooks) throws PthFormatException {
        if (!(hooks instanceof Py.None) && !(hooks instanceof Map<?, ?> m && m.isEmpty())) {
            throw bad(c.pythonName + ": backward hooks must be an empty OrderedDict, got a non-empty " + Py.typeName(hooks));
        }
    }

    private Map<Object, Object> orderedDict(List<Object> a) throws PthFormatException {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (a.isEmpty()) return map;
        // Python 2's OrderedDict.__reduce__ passes its items as one list of [key, value] pairs
        if (a.size() != 1 || !(a.getFirst() instanceof List<?> pairs)) throw bad("collections.OrderedDict takes no arguments or one list of pairs");
        for (Object pair : pairs) {
            List<?> kv = pair instanceof Tuple t ? t.items() : pair instanceof List<?> l ? l : null;
            if (kv == null || kv.size() != 2) throw bad("collections.OrderedDict: an item is not a (key, value) pair");
            map.put(hashable(kv.get(0)), kv.get(1));
        }
        return map;
    }

    private TensorRef tensor(Callable c, List<Object> a) throws PthFormatException {
        if (!(a.get(0) instanceof StorageRef storage)) throw bad(c.pythonName + ": the first argument must be a storage, got " + Py.typeName(a.get(0)));
        if (!(a.get(1) instanceof Long offset) || offset < 0) throw bad(c.pythonName + ": storage_offset must be a non-negative int");
        long[] size = longs(a.get(2), c.pythonName + " size");
        long[] stride = longs(a.get(3), c.pythonName + " stride");
        if (size.length != stride.length) throw bad(c.pythonName + ": size has " + size.length + " dimensions, stride " + stride.length);
        return new TensorRef(storage, offset, size, stride);
    }

    private long[] longs(Object v, String what) throws PthFormatException {
        if (!(v instanceof Tuple t)) throw bad(what + " must be a tuple of ints, got " + Py.typeName(v));
        if (t.size() > MAX_DIMS) throw bad(what + " has " + t.size() + " dimensions (at most " + MAX_DIMS + ")");
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long x)) throw bad(what + " must hold ints, item " + i + " is " + Py.typeName(t.get(i)));
            out[i] = x;
        }
        return out;
    }

    private void build(Object target, Object state) throws PthFormatException {
        // OrderedDict.__reduce__ passes the instance __dict__ (a state_dict's _metadata) as BUILD state: not needed here
        if (target instanceof LinkedHashMap<?, ?> && (state instanceof Py.None || state instanceof Map<?, ?>)) return;
        throw bad("BUILD of " + Py.typeName(target) + " with " + Py.typeName(state) + " state is not allowed");
    }

    // ---- names ----

    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        String[][] names = {
                {"(", "MARK"}, {".", "STOP"}, {"0", "POP"}, {"1", "POP_MARK"}, {"2", "DUP"}, {"F", "FLOAT"}, {"I", "INT"},
                {"J", "BININT"}, {"K", "BININT1"}, {"L", "LONG"}, {"M", "BININT2"}, {"N", "NONE"}, {"P", "PERSID"},
                {"Q", "BINPERSID"}, {"R", "REDUCE"}, {"S", "STRING"}, {"T", "BINSTRING"}, {"U", "SHORT_BINSTRING"},
                {"V", "UNICODE"}, {"X", "BINUNICODE"}, {"a", "APPEND"}, {"b", "BUILD"}, {"c", "GLOBAL"}, {"d", "DICT"},
                {"}", "EMPTY_DICT"}, {"e", "APPENDS"}, {"g", "GET"}, {"h", "BINGET"}, {"i", "INST"}, {"j", "LONG_BINGET"},
                {"l", "LIST"}, {"]", "EMPTY_LIST"}, {"o", "OBJ"}, {"p", "PUT"}, {"q", "BINPUT"}, {"r", "LONG_BINPUT"},
                {"s", "SETITEM"}, {"t", "TUPLE"}, {")", "EMPTY_TUPLE"}, {"u", "SETITEMS"}, {"G", "BINFLOAT"},
                {"B", "BINBYTES"}, {"C", "SHORT_BINBYTES"}};
        for (String[] n : names) NAMES.put((int) n[0].charAt(0), n[1]);
        String[] high = {"PROTO", "NEWOBJ", "EXT1", "EXT2", "EXT4", "TUPLE1", "TUPLE2", "TUPLE3", "NEWTRUE", "NEWFALSE", "LONG1",
                "LONG4", "SHORT_BINUNICODE", "BINUNICODE8", "BINBYTES8", "EMPTY_SET", "ADDITEMS", "FROZENSET", "NEWOBJ_EX",
                "STACK_GLOBAL", "MEMOIZE", "FRAME", "BYTEARRAY8", "NEXT_BUFFER", "READONLY_BUFFER"};
        for (int i = 0; i < high.length; i++) NAMES.put(0x80 + i, high[i]);
    }

    static String opName(int opcode) {
        String name = NAMES.get(opcode);
        return String.format("0x%02x", opcode) + (name != null ? " " + name : "");
    }

    @Override
    public String toString() {
        return "Unpickler(" + in.what() + ", stack " + stack.size() + ", memo " + memo.size() + ", marks " + Arrays.toString(marks.toArray()) + ")";
    }
}
