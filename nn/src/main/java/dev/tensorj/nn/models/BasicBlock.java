package dev.tensorj.nn.models;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.tensor.Generator;

/**
 * ResNet's basic residual block (He et al. 2016), as torchvision's {@code BasicBlock}:
 * <pre>
 *   out = relu(bn1(conv1(x)))          conv1: 3x3, stride s, padding 1, no bias
 *   out = bn2(conv2(out))              conv2: 3x3, stride 1, padding 1, no bias
 *   out = relu(out + shortcut(x))      shortcut = downsample(x) when the shape changes, else x
 * </pre>
 * {@code downsample} is a 1x1 convolution with stride s and a BatchNorm ({@code downsample.0},
 * {@code downsample.1}), present when the stride is not 1 or the channel count changes. The gradient of
 * the sum flows unchanged into the shortcut, which is what lets very deep networks train.
 */
public final class BasicBlock extends Layer {
    /** The first 3x3 convolution (stride s, no bias), {@code conv1.*} in the state dict. */
    public final Conv2d conv1;
    /** The BatchNorm after conv1. */
    public final BatchNorm bn1;
    /** The second 3x3 convolution (stride 1, no bias). */
    public final Conv2d conv2;
    /** The BatchNorm after conv2, before the sum with the shortcut. */
    public final BatchNorm bn2;
    /** The 1x1 convolution and BatchNorm of the shortcut, or null when the shortcut is the identity. */
    public final Sequential downsample;
    private final Layer relu;

    /**
     * A block from {@code inChannels} to {@code outChannels} maps, downsampling by {@code stride}; the convolutions are Kaiming normal
     * (fan-out) from {@code generator}.
     */
    public BasicBlock(int inChannels, int outChannels, int stride, Generator generator) {
        conv1 = registerLayer("conv1", ResNet.conv(inChannels, outChannels, 3, stride, 1, generator));
        bn1 = registerLayer("bn1", new BatchNorm(outChannels));
        relu = registerLayer("relu", Activation.relu());
        conv2 = registerLayer("conv2", ResNet.conv(outChannels, outChannels, 3, 1, 1, generator));
        bn2 = registerLayer("bn2", new BatchNorm(outChannels));
        downsample = stride != 1 || inChannels != outChannels
                ? registerLayer("downsample", new Sequential(ResNet.conv(inChannels, outChannels, 1, stride, 0, generator), new BatchNorm(outChannels)))
                : null;
    }

    @Override
    public Variable forward(Variable x) {
        Variable out = relu.forward(bn1.forward(conv1.forward(x)));
        out = bn2.forward(conv2.forward(out));
        Variable shortcut = downsample != null ? downsample.forward(x) : x;
        return relu.forward(out.add(shortcut));
    }
}
