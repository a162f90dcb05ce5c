package dev.tensorj.nn.models;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.PoolOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.init.Init;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.tensor.Generator;

import java.util.ArrayList;
import java.util.List;

/**
 * ResNet with basic blocks (He et al. 2016), with torchvision's architecture and {@code state_dict}
 * names, so a torchvision {@code resnet18} saved as safetensors loads with
 * {@code SafeTensors.loadInto(model, file, true)}, and torchvision's own {@code resnet18-f37072fd.pth}
 * with {@code TorchCheckpoint.loadInto(model, file, true)}:
 * <pre>
 *   conv1 (7x7, 64, stride 2, padding 3, no bias) - bn1 - relu - maxpool (3x3, stride 2, padding 1)
 *   layer1: 64 channels       layer2: 128, stride 2      (each a Sequential of BasicBlocks,
 *   layer3: 256, stride 2     layer4: 512, stride 2       keys layer2.0.conv1.weight, layer2.0.downsample.0.weight, ...)
 *   avgpool (adaptive average to 1x1) - flatten - fc (Linear 512 -> classes)
 * </pre>
 * The input is [N, 3, H, W]; any H, W of at least 32 works (ImageNet uses 224; 32 leaves a 1x1 map in
 * layer4). Initialisation follows torchvision: Kaiming normal in fan-out mode for convolutions, BatchNorm
 * weight 1 and bias 0, PyTorch's default for {@code fc}.
 */
public final class ResNet extends Layer {
    /** The 7x7 stem convolution, 3 to 64 channels, stride 2. */
    public final Conv2d conv1;
    /** The BatchNorm after the stem convolution. */
    public final BatchNorm bn1;
    /** The four stages of BasicBlocks (64, 128, 256, 512 channels; each but the first halves the height and width). */
    public final Sequential layer1, layer2, layer3, layer4;
    private Layer fc;
    private final String variant;

    private ResNet(String variant, int[] blocksPerLayer, int numClasses, Generator generator) {
        this.variant = variant;
        conv1 = registerLayer("conv1", conv(3, 64, 7, 2, 3, generator));
        bn1 = registerLayer("bn1", new BatchNorm(64));
        registerLayer("relu", Activation.relu());
        registerLayer("maxpool", Pooling.maxPool2d(PoolOptions.kernel(3).stride(2).padding(1)));
        layer1 = registerLayer("layer1", layer(64, 64, blocksPerLayer[0], 1, generator));
        layer2 = registerLayer("layer2", layer(64, 128, blocksPerLayer[1], 2, generator));
        layer3 = registerLayer("layer3", layer(128, 256, blocksPerLayer[2], 2, generator));
        layer4 = registerLayer("layer4", layer(256, 512, blocksPerLayer[3], 2, generator));
        registerLayer("avgpool", Pooling.globalAvgPool2d());
        fc = registerLayer("fc", new Linear(512, numClasses, true, generator));
    }

    /** torchvision's {@code resnet18(num_classes=numClasses)}: two basic blocks per stage, 11.7 M parameters for 1000 classes. */
    public static ResNet resnet18(int numClasses, Generator generator) {
        return new ResNet("ResNet18", new int[] {2, 2, 2, 2}, numClasses, generator);
    }

    /** torchvision's {@code resnet34}: 3, 4, 6 and 3 basic blocks per stage. */
    public static ResNet resnet34(int numClasses, Generator generator) {
        return new ResNet("ResNet34", new int[] {3, 4, 6, 3}, numClasses, generator);
    }

    private static Sequential layer(int inChannels, int outChannels, int blocks, int stride, Generator generator) {
        List<Layer> list = new ArrayList<>();
        list.add(new BasicBlock(inChannels, outChannels, stride, generator));
        for (int i = 1; i < blocks; i++) list.add(new BasicBlock(outChannels, outChannels, 1, generator));
        return new Sequential(list.toArray(Layer[]::new));
    }

    /** A bias-free convolution initialised as torchvision does: N(0, 2 / fanOut), fanOut = outChannels * k * k. */
    static Conv2d conv(int inChannels, int outChannels, int kernel, int stride, int padding, Generator generator) {
        Conv2d conv = new Conv2d(inChannels, outChannels, kernel, ConvOptions.defaults().stride(stride).padding(padding), false, generator);
        Init.normal(conv.weight.data(), 0, Math.sqrt(2.0 / Init.fanOut(conv.weight.data().dims())), generator);
        return conv;
    }

    /** The classifier head. */
    public Layer fc() {
        return fc;
    }

    /**
     * Replaces the classifier head, e.g. {@code new Linear(512, 10)} for transfer learning to 10 classes
     * (PyTorch: {@code model.fc = nn.Linear(512, 10)}). Its parameters are named {@code fc.*}.
     */
    public ResNet replaceFc(Layer head) {
        fc = replaceLayer("fc", head);
        return this;
    }

    /** Freezes (false) or unfreezes (true) every parameter; returns this ResNet for chaining with {@link #replaceFc}. */
    @Override
    public ResNet requiresGrad(boolean on) {
        super.requiresGrad(on);
        return this;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.data().rank() != 4 || x.data().size(1) != 3) {
            throw new IllegalArgumentException(variant + ": expects images [N, 3, H, W], got " + x.data().shape());
        }
        Variable out = x;
        for (Layer child : children().values()) out = child.forward(out); // conv1 ... avgpool, fc: a chain
        return out;
    }

    @Override
    protected boolean childrenFormAChain() {
        return true;
    }

    @Override
    public String name() {
        return variant;
    }
}
