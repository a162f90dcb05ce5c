package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Recurrent layers built from named options equal those built from positional arguments. */
class RecurrentOptionsTest {
    private static final RecurrentOptions TWO_BIDIRECTIONAL_BATCH_FIRST = RecurrentOptions.defaults().numLayers(2).bidirectional(true).batchFirst(true);

    @Test
    void namedOptionsBuildTheSameLayers() {
        Tensor x = Tensor.randn(new Generator(1), 3, 5, 4); // [B, T, I]
        LSTM named = new LSTM(4, 6, TWO_BIDIRECTIONAL_BATCH_FIRST, new Generator(2));
        LSTM positional = new LSTM(4, 6, 2, true, true, 0, new Generator(2));
        assertEquals(positional.namedParameters().keySet(), named.namedParameters().keySet());
        assertTrue(named.forward(x).data().allClose(positional.forward(x).data()));
        assertArrayEquals(new int[] {3, 5, 12}, named.forward(x).data().dims());
        GRU gru = new GRU(4, 6, TWO_BIDIRECTIONAL_BATCH_FIRST, new Generator(3));
        assertTrue(gru.forward(x).data().allClose(new GRU(4, 6, 2, true, true, 0, new Generator(3)).forward(x).data()));
        RNN relu = new RNN(4, 6, RecurrentOptions.defaults().batchFirst(true).relu(true), new Generator(4));
        Variable y = relu.forward(x);
        assertTrue(y.data().allClose(new RNN(4, 6, 1, true, false, 0, true, new Generator(4)).forward(x).data()));
        assertTrue(y.data().min().item() >= 0, "relu, not tanh");
    }

    @Test
    void optionsThatDoNotApplyOrAreOutOfRangeAreErrors() {
        IllegalArgumentException relu = assertThrows(IllegalArgumentException.class,
                () -> new LSTM(4, 6, RecurrentOptions.defaults().relu(true), new Generator(1)));
        assertEquals("LSTM: relu is an RNN option", relu.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecurrentOptions.defaults().numLayers(0));
        assertThrows(IllegalArgumentException.class, () -> RecurrentOptions.defaults().dropout(1));
    }
}
