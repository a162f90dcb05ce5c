package dev.tensorj.selection;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Loss;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The course's grid-search model: an MLP {@code in-hidden-ReLU-classes} (PyTorch's default
 * initialisation, drawn from the trial's seed) trained with Adam (L2 weight decay added to the
 * gradient, as {@code torch.optim.Adam(weight_decay=wd)}) on cross-entropy, in shuffled mini-batches
 * of {@code batch} examples for {@code epochs} epochs. After every epoch it records the mean training
 * loss and the validation loss, accuracy and macro-F1; the last epoch's validation confusion matrix
 * is kept. Inputs {@code [N, ...]} are flattened to {@code [N, in]}.
 *
 * <p>The course's notebook builds a loader per batch size but its {@code train_valid} then trains
 * full-batch; here the batch size is used, as the grid intends.
 *
 * <p>Parameters: {@code batch} (int), {@code lr} (double), {@code wd} (double), {@code hidden} (int),
 * {@code epochs} (int).
 */
public final class MlpObjective implements Objective {
    private static final long serialVersionUID = 1L;
    /** The parameters this objective reads. */
    public static final ParamSchema SCHEMA = ParamSchema.of("batch", ParamType.INT, "lr", ParamType.DOUBLE, "wd", ParamType.DOUBLE,
            "hidden", ParamType.INT, "epochs", ParamType.INT);

    private final int numClasses;

    /** @param numClasses the number of output classes (10 for MNIST) */
    public MlpObjective(int numClasses) {
        if (numClasses < 2) throw new IllegalArgumentException("MlpObjective: needs at least 2 classes, got " + numClasses);
        this.numClasses = numClasses;
    }

    @Override
    public ParamSchema schema() {
        return SCHEMA;
    }

    /** The model for {@code hidden} units, initialised from {@code seed}. */
    public static Layer model(int inputs, int hidden, int classes, long seed) {
        Generator generator = new Generator(seed);
        return new Sequential(new Linear(inputs, hidden, true, generator), Activation.relu(), new Linear(hidden, classes, true, generator));
    }

    /** Epochs times (a step's fixed cost + its examples): an epoch costs about as much as 256 examples more per step. */
    @Override
    public double cost(Params params) {
        return params.getInt("epochs") * (1 + 256.0 / params.getInt("batch"));
    }

    @Override
    public TrialOutcome train(Params params, TensorDataset train, TensorDataset validation, long seed) {
        int batch = params.getInt("batch"), hidden = params.getInt("hidden"), epochs = params.getInt("epochs");
        TensorDataset trainSet = flat(train), validSet = flat(validation);
        Layer model = model(trainSet.inputs().size(1), hidden, numClasses, seed);
        Adam adam = new Adam(model.parameters(), params.getDouble("lr"), 0.9, 0.999, 1e-8, params.getDouble("wd"), false);
        Loss loss = Losses.crossEntropy();
        Trainer trainer = new Trainer(model, adam, loss).verbose(false);
        DataLoader loader = DataLoader.builder(trainSet).batchSize(batch).shuffle(seed).build();

        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (String name : ResultTable.CURVES) curves.put(name, new ArrayList<>());
        Tensor validLabels = validSet.targets();
        ConfusionMatrix confusion = null;
        double validLoss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            double lossSum = 0;
            long seen = 0;
            for (dev.tensorj.datasets.Batch b : loader) {
                double stepLoss = trainer.trainStep(b).loss();
                lossSum += stepLoss * b.size();
                seen += b.size();
                if (!Double.isFinite(stepLoss)) break;
            }
            double trainLoss = lossSum / seen;
            Tensor logits = Trainer.predict(model, List.of(validSet.inputs()));
            try (var noGrad = Grad.disabled()) {
                validLoss = loss.compute(new Variable(logits, false), validLabels).data().item();
            }
            curves.get("loss").add(trainLoss);
            curves.get("val_loss").add(validLoss);
            if (!Double.isFinite(trainLoss) || !Double.isFinite(validLoss)) {
                curves.get("val_accuracy").add(Double.NaN);
                curves.get("val_f1").add(Double.NaN);
                return new TrialOutcome(true, curves, Double.NaN, Double.NaN, Double.NaN, new long[0][]);
            }
            confusion = ConfusionMatrix.of(validLabels, logits.argmax(1), numClasses);
            curves.get("val_accuracy").add(confusion.accuracy());
            curves.get("val_f1").add(confusion.macroF1());
        }
        if (confusion == null) throw new IllegalArgumentException("MlpObjective: epochs must be at least 1, got " + epochs);
        return new TrialOutcome(false, curves, validLoss, confusion.macroF1(), confusion.accuracy(), confusion.counts());
    }

    private static TensorDataset flat(TensorDataset data) {
        Tensor inputs = data.inputs();
        return inputs.rank() == 2 ? data : new TensorDataset(inputs.reshape(inputs.size(0), -1), data.targets(), data.classNames());
    }
}
