package dev.tensorj.tensor;

/** Moves a tensor between devices; the non-CPU side's backend does the copy. */
final class DeviceTransfer {
    private DeviceTransfer() {
    }

    static Tensor copy(Tensor source, Device target) {
        Backend targetBackend = Backends.forDevice(target); // throws a clear error when the device has no backend
        if (target.kind() != Device.Kind.CPU && source.device().kind() != Device.Kind.CPU) {
            return copy(copy(source, Device.CPU), target); // device to device goes through the host
        }
        Tensor out = Tensor.zeros(source.dtype(), target, source.dims());
        Backend deviceSide = target.kind() == Device.Kind.CPU ? source.backend() : targetBackend;
        deviceSide.transfer(source, out);
        return out;
    }
}
