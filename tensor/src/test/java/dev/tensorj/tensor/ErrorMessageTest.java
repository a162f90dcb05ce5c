package dev.tensorj.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/** Bad input fails early with a message naming the op, the shapes/axes/dtypes and what was expected. */
class ErrorMessageTest {

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void matmulNamesBothShapes() {
        assertMessage("matmul: shapes [3, 4] and [5, 6] do not align: 4 != 5",
                () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 6)));
    }

    @Test
    void broadcastNamesTheAxis() {
        assertMessage("add: shapes [2, 3] and [4] cannot be broadcast: axis 1 has sizes 3 and 4 (expected equal, or one of them 1)",
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
    }

    @Test
    void unaryBackwardNamesTheOpAndBothShapes() {
        assertMessage("unaryBackward(TANH): the gradient's shape [2, 4] differs from the saved tensor's [2, 3]; expected the same shape",
                () -> Tensor.zeros(2, 3).unaryBackward(UnaryOp.TANH, Tensor.zeros(2, 4), 0));
        assertMessage("unaryBackward: EXP has no fused backward; expected TANH, SIGMOID, RELU or LEAKY_RELU",
                () -> Tensor.zeros(2, 3).unaryBackward(UnaryOp.EXP, Tensor.zeros(2, 3), 0));
    }

    @Test
    void axisOutOfRange() {
        assertMessage("sum: axis 2 is out of range for a tensor of rank 2 (expected -2 to 1)",
                () -> Tensor.zeros(2, 3).sum(2));
    }

    @Test
    void reshapeElementCount() {
        assertMessage("reshape: shape [2, 3] (6 elements) cannot become [4, 2] (8 elements)",
                () -> Tensor.zeros(2, 3).reshape(4, 2));
    }

    @Test
    void indexOutOfRange() {
        assertMessage("indexSelect: index 5 is out of range for axis 0 of size 3 (shape [3, 2]); expected 0 to 2",
                () -> Tensor.zeros(3, 2).indexSelect(0, Tensor.ofLongs(0, 5)));
        assertMessage("select: index 3 is out of range for axis 0 of size 3 in shape [3, 2]",
                () -> Tensor.zeros(3, 2).select(0, 3));
    }

    @Test
    void dtypeMismatch() {
        assertMessage("gather: index must be INT64, got FLOAT32", () -> Tensor.zeros(3).gather(0, Tensor.zeros(3)));
        assertMessage("mean: expects a floating dtype, got INT64; call to(DType.FLOAT32) first", () -> Tensor.arange(3).mean());
        assertMessage("oneHot: expects INT64 class indices, got FLOAT32", () -> Tensor.zeros(3).oneHot(2));
    }

    @Test
    void missingDeviceSaysSo() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Tensor.zeros(2).to(Device.cuda(0)));
        assertTrue(e.getMessage().startsWith("no backend for cuda:0 is available."), e.getMessage());
    }

    @Test
    void viewsOutsideTheStorageAreRejected() {
        Storage s = new CpuStorage(DType.FLOAT32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Tensor(s, 0, new int[] {3, 2}, new int[] {2, 1}));
        assertTrue(e.getMessage().contains("reaches outside its storage of 4 elements"), e.getMessage());
    }

    @Test
    void concatNamesTheOffendingTensor() {
        assertMessage("concat: along axis 0, tensor 1 of shape [2, 4] differs from tensor 0 of shape [2, 3] on axis 1",
                () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
    }

    @Test
    void fromArrayCount() {
        assertMessage("fromArray: 5 values do not fill shape [2, 3] (expected 6)", () -> Tensor.fromArray(new float[5], 2, 3));
    }
}
