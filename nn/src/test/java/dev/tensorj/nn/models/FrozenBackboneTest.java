package dev.tensorj.nn.models;

import dev.tensorj.autograd.Node;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Transfer learning's frozen backbone costs no backward work and no gradient memory: with every
 * parameter of ResNet18 frozen and a new trainable {@code fc}, the recorded graph holds only the
 * head's and the loss's nodes (none of the backbone's, so none of its activations are kept for a
 * backward), and the backward gives gradients to the head alone.
 */
class FrozenBackboneTest {

    /** The nodes reachable from {@code root} through the recorded graph. */
    private static Set<Node> graph(Variable root) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> todo = new ArrayDeque<>();
        if (root.gradFn() != null) todo.add(root.gradFn());
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) continue;
            for (Variable in : n.inputs()) if (in.gradFn() != null) todo.add(in.gradFn());
        }
        return seen;
    }

    private static Variable loss(ResNet model) {
        Generator g = new Generator(3);
        Tensor images = Tensor.randn(g, 2, 3, 32, 32);
        Tensor labels = Tensor.fromArray(new long[] {1, 7}, 2);
        return Losses.crossEntropy().compute(model.forward(new Variable(images, false)), labels);
    }

    @Test
    void frozenBackboneRecordsNoNodesAndGetsNoGradients() {
        Generator g = new Generator(1);
        ResNet model = ResNet.resnet18(1000, g).requiresGrad(false).replaceFc(new Linear(512, 10, true, g));
        Variable loss = loss(model);
        Set<Node> nodes = graph(loss);
        for (Node n : nodes) {
            for (Variable in : n.inputs()) {
                assertFalse(in.gradFn() == null && in.requiresGrad() && !isHead(model, in),
                        "a node " + n.opName() + " reads a trainable leaf outside the head");
            }
        }
        ResNet unfrozen = ResNet.resnet18(10, new Generator(1));
        int full = graph(loss(unfrozen)).size();
        assertTrue(nodes.size() <= 8, "frozen backbone: only the head's and the loss's nodes are recorded, got " + nodes.size()
                + " (" + nodes.stream().map(Node::opName).toList() + "); the trainable network records " + full);
        assertTrue(full > 50, "the trainable network records its backbone: " + full);

        loss.backward();
        for (Map.Entry<String, Variable> p : model.namedParameters().entrySet()) {
            if (p.getKey().startsWith("fc.")) assertNotNull(p.getValue().grad(), p.getKey() + " is trained");
            else assertNull(p.getValue().grad(), p.getKey() + " is frozen: no gradient tensor may be allocated for it");
        }
    }

    private static boolean isHead(ResNet model, Variable v) {
        return model.fc().namedParameters().values().stream().anyMatch(p -> p == v);
    }
}
