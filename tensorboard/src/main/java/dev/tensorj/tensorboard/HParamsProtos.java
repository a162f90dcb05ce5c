package dev.tensorj.tensorboard;

import java.util.List;
import java.util.Map;

/**
 * The HParams plugin's messages ({@code tensorboard/plugins/hparams/plugin_data.proto} and
 * {@code api.proto}), encoded by hand. Each travels as the {@code content} of a summary value's
 * plugin data (plugin name {@code "hparams"}), wrapped in
 * <pre>
 *   HParamsPluginData { int32 version = 1 (0); Experiment experiment = 2; SessionStartInfo session_start_info = 3; SessionEndInfo session_end_info = 4; }
 *   SessionStartInfo  { map&lt;string, google.protobuf.Value&gt; hparams = 1; string group_name = 4; double start_time_secs = 5; }
 *   SessionEndInfo    { Status status = 1 (STATUS_SUCCESS = 1); double end_time_secs = 2; }
 *   Experiment        { double time_created_secs = 3; repeated HParamInfo hparam_infos = 4; repeated MetricInfo metric_infos = 5; }
 *   HParamInfo        { string name = 1; DataType type = 4; google.protobuf.ListValue domain_discrete = 5; }
 *   MetricInfo        { MetricName name = 1; }   MetricName { string group = 1; string tag = 2; }
 *   google.protobuf.Value { double number_value = 2; string string_value = 3; bool bool_value = 4; }
 *   google.protobuf.ListValue { repeated Value values = 1; }
 * </pre>
 * A map field is a repeated entry message {@code { key = 1; value = 2; }}.
 */
final class HParamsProtos {
    static final String PLUGIN_NAME = "hparams";
    static final String EXPERIMENT_TAG = "_hparams_/experiment";
    static final String SESSION_START_TAG = "_hparams_/session_start_info";
    static final String SESSION_END_TAG = "_hparams_/session_end_info";
    private static final int STATUS_SUCCESS = 1;
    /** api.proto's DataType: DATA_TYPE_STRING = 1, DATA_TYPE_BOOL = 2, DATA_TYPE_FLOAT64 = 3. */
    private static final int TYPE_STRING = 1, TYPE_BOOL = 2, TYPE_FLOAT64 = 3;

    private HParamsProtos() {
    }

    static byte[] sessionStart(Map<String, Object> hparams, String groupName, double startTime) {
        ProtoWriter info = new ProtoWriter();
        hparams.forEach((name, value) -> info.message(1, new ProtoWriter().string(1, name).message(2, value(name, value))));
        if (!groupName.isEmpty()) info.string(4, groupName);
        info.doubleField(5, startTime);
        return new ProtoWriter().message(3, info).toByteArray();
    }

    static byte[] sessionEnd(double endTime) {
        ProtoWriter info = new ProtoWriter().varint(1, STATUS_SUCCESS).doubleField(2, endTime);
        return new ProtoWriter().message(4, info).toByteArray();
    }

    /**
     * @param domains     the values each hyperparameter takes (its type is that of its values); an empty
     *                    list leaves the type unset: TensorBoard then takes it from the sessions
     * @param listDomains whether to write the values as the domain (false: only the type, the domain open)
     */
    static byte[] experiment(Map<String, List<?>> domains, boolean listDomains, List<String> metricTags, double createdTime) {
        ProtoWriter experiment = new ProtoWriter().doubleField(3, createdTime);
        domains.forEach((name, values) -> {
            ProtoWriter info = new ProtoWriter().string(1, name);
            if (!values.isEmpty()) {
                info.varint(4, typeOf(name, values.getFirst()));
                if (!listDomains) {
                    experiment.message(4, info);
                    return;
                }
                ProtoWriter list = new ProtoWriter();
                for (Object v : values) {
                    if (typeOf(name, v) != typeOf(name, values.getFirst())) {
                        throw new IllegalArgumentException("HParams: the values of '" + name + "' mix types: " + values + " (use numbers, strings or booleans, one kind per hyperparameter)");
                    }
                    list.message(1, value(name, v));
                }
                info.message(5, list);
            }
            experiment.message(4, info);
        });
        for (String tag : metricTags) experiment.message(5, new ProtoWriter().message(1, new ProtoWriter().string(2, tag)));
        return new ProtoWriter().message(2, experiment).toByteArray();
    }

    /** A google.protobuf.Value: numbers as doubles, booleans, strings; anything else by its toString (an enum's name). */
    private static ProtoWriter value(String name, Object value) {
        if (value == null) throw new IllegalArgumentException("HParams: hyperparameter '" + name + "' is null");
        return switch (value) {
            case Number n -> new ProtoWriter().doubleField(2, n.doubleValue());
            case Boolean b -> new ProtoWriter().varint(4, b ? 1 : 0);
            default -> new ProtoWriter().string(3, value.toString());
        };
    }

    private static int typeOf(String name, Object value) {
        if (value == null) throw new IllegalArgumentException("HParams: hyperparameter '" + name + "' has a null value in its domain");
        return value instanceof Number ? TYPE_FLOAT64 : value instanceof Boolean ? TYPE_BOOL : TYPE_STRING;
    }
}
