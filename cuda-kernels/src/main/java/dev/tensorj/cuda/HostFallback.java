package dev.tensorj.cuda;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Tensor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Runs an op our kernels do not cover (a dtype other than FLOAT32, a rank above {@link Layout#MAX_RANK}, an
 * empty reduction, ...) on the CPU: every operand is copied to the host, the CPU backend runs the op, and
 * the outputs are copied back into their device views. Correct, slow, and logged once per op and reason,
 * so a model that falls back in its hot loop shows up in the log.
 */
final class HostFallback {
    private static final Logger LOG = Logger.getLogger(HostFallback.class.getName());
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private HostFallback() {
    }

    /**
     * @param tensors the op's operands, device tensors, in the order {@code body} takes them
     * @param written how many of the last operands the op writes (they are copied back)
     */
    static void run(CudaBackend device, String op, String reason, int written, Tensor[] tensors, Consumer<Tensor[]> body) {
        if (LOGGED.add(op + ": " + reason)) {
            LOG.info(() -> "tensorj cuda: fallback: " + op + " (" + reason + ") runs on the CPU, copying its operands to the host and back");
        }
        Tensor[] host = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) host[i] = tensors[i].to(Device.CPU);
        body.accept(host);
        for (int i = tensors.length - written; i < tensors.length; i++) device.transfer(host[i], tensors[i]);
    }

    /** The backend the fallback runs on. */
    static Backend cpu() {
        return Backends.cpu();
    }
}
