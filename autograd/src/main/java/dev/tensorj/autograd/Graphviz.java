package dev.tensorj.autograd;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Draws a graph in Graphviz DOT: ops as boxes, leaves as ellipses (filled when they require grad),
 * each labelled with its shape. {@code dot -Tpng graph.dot -o graph.png} renders it.
 */
public final class Graphviz {
    private Graphviz() {
    }

    /** The graph that produced {@code output}, as DOT source: walks back from it through every node and leaf. */
    public static String toDot(Variable output) {
        StringBuilder sb = new StringBuilder("digraph autograd {\n  rankdir=BT;\n  node [fontname=\"Helvetica\"];\n");
        Map<Object, String> ids = new IdentityHashMap<>();
        Deque<Variable> todo = new ArrayDeque<>();
        todo.push(output);
        while (!todo.isEmpty()) {
            Variable v = todo.pop();
            if (ids.containsKey(v.gradFn() != null ? v.gradFn() : v)) continue;
            String id = "n" + ids.size();
            String shape = Arrays.toString(v.data().dims());
            if (v.gradFn() == null) {
                ids.put(v, id);
                String label = (v.name() != null ? v.name() + "\\n" : "") + shape;
                sb.append("  ").append(id).append(" [shape=ellipse, label=\"").append(label).append('"')
                        .append(v.requiresGrad() ? ", style=filled, fillcolor=lightblue" : "").append("];\n");
            } else {
                Node node = v.gradFn();
                ids.put(node, id);
                sb.append("  ").append(id).append(" [shape=box, label=\"").append(node.opName()).append("\\n").append(shape).append("\"];\n");
                for (Variable input : node.inputs()) todo.push(input);
            }
        }
        // edges, once every node has an id
        for (var entry : ids.entrySet()) {
            if (entry.getKey() instanceof Node node) {
                for (Variable input : node.inputs()) {
                    String from = ids.get(input.gradFn() != null ? input.gradFn() : input);
                    sb.append("  ").append(from).append(" -> ").append(entry.getValue()).append(";\n");
                }
            }
        }
        return sb.append("}\n").toString();
    }
}
