package dev.tensorj.nn.gan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The losses of a GAN run: both networks' loss at every step, and their means per epoch. */
public final class GanHistory {
    private final List<Double> generatorSteps = new ArrayList<>();
    private final List<Double> discriminatorSteps = new ArrayList<>();
    private final List<Double> generatorEpochs = new ArrayList<>();
    private final List<Double> discriminatorEpochs = new ArrayList<>();

    void recordStep(double generatorLoss, double discriminatorLoss) {
        generatorSteps.add(generatorLoss);
        discriminatorSteps.add(discriminatorLoss);
    }

    void recordEpoch(double generatorLoss, double discriminatorLoss) {
        generatorEpochs.add(generatorLoss);
        discriminatorEpochs.add(discriminatorLoss);
    }

    /** The number of epochs recorded so far. */
    public int epochs() {
        return generatorEpochs.size();
    }

    /** The generator's loss at every step, in order (unmodifiable, grows as training runs). */
    public List<Double> generatorLossPerStep() {
        return Collections.unmodifiableList(generatorSteps);
    }

    /** The discriminator's loss (real plus fake term) at every step, in order. */
    public List<Double> discriminatorLossPerStep() {
        return Collections.unmodifiableList(discriminatorSteps);
    }

    /** The generator's mean loss of each epoch. */
    public List<Double> generatorLossPerEpoch() {
        return Collections.unmodifiableList(generatorEpochs);
    }

    /** The discriminator's mean loss of each epoch. */
    public List<Double> discriminatorLossPerEpoch() {
        return Collections.unmodifiableList(discriminatorEpochs);
    }

    /** Per-step losses by name ({@code generator}, {@code discriminator}), for a loss plot (tensorj-plot's {@code LossPlot}). */
    public Map<String, List<Double>> perStep() {
        Map<String, List<Double>> map = new LinkedHashMap<>();
        map.put("generator", generatorLossPerStep());
        map.put("discriminator", discriminatorLossPerStep());
        return map;
    }

    /** Per-epoch means by name ({@code gen_loss}, {@code disc_loss}), as Keras' History.history. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> map = new LinkedHashMap<>();
        map.put("gen_loss", generatorLossPerEpoch());
        map.put("disc_loss", discriminatorLossPerEpoch());
        return map;
    }
}
