package dev.tensorj.tensorboard;

/**
 * The messages of TensorBoard's {@code event.proto} and {@code summary.proto} that tensorj writes,
 * encoded by hand (field numbers from those files):
 * <pre>
 *   Event          { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary        { repeated Value value = 1; }
 *   Summary.Value  { string tag = 1; SummaryMetadata metadata = 9;
 *                    oneof value { float simple_value = 2; Image image = 4; HistogramProto histo = 5; TensorProto tensor = 8; } }
 *   Summary.Image  { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
 *   HistogramProto { double min = 1; double max = 2; double num = 3; double sum = 4; double sum_squares = 5;
 *                    repeated double bucket_limit = 6 [packed]; repeated double bucket = 7 [packed]; }
 *   SummaryMetadata { PluginData plugin_data = 1; }   PluginData { string plugin_name = 1; bytes content = 2; }
 *   TensorProto    { DataType dtype = 1; TensorShapeProto tensor_shape = 2; repeated bytes string_val = 8; }
 *   TensorShapeProto { repeated Dim dim = 2; }   Dim { int64 size = 1; }
 * </pre>
 */
final class Events {
    static final String FILE_VERSION = "brain.Event:2";
    /** TensorFlow's DataType enum: DT_FLOAT and DT_STRING. */
    private static final int DT_FLOAT = 1, DT_STRING = 7;

    private Events() {
    }

    /** The first event of every file. */
    static byte[] fileVersion(double wallTime) {
        return new ProtoWriter().doubleField(1, wallTime).string(3, FILE_VERSION).toByteArray();
    }

    /** An event holding one summary value. */
    static byte[] summary(double wallTime, long step, ProtoWriter value) {
        ProtoWriter summary = new ProtoWriter().message(1, value);
        ProtoWriter event = new ProtoWriter().doubleField(1, wallTime);
        if (step != 0) event.varint(2, step);
        return event.message(5, summary).toByteArray();
    }

    static ProtoWriter scalar(String tag, float value) {
        return new ProtoWriter().string(1, tag).floatField(2, value);
    }

    /** @param colorspace 1 greyscale, 3 RGB, 4 RGBA */
    static ProtoWriter image(String tag, int height, int width, int colorspace, byte[] png) {
        ProtoWriter image = new ProtoWriter().varint(1, height).varint(2, width).varint(3, colorspace).bytes(4, png);
        return new ProtoWriter().string(1, tag).message(4, image);
    }

    static ProtoWriter histogram(String tag, Histogram h) {
        ProtoWriter histo = new ProtoWriter().doubleField(1, h.min()).doubleField(2, h.max()).doubleField(3, h.count())
                .doubleField(4, h.sum()).doubleField(5, h.sumOfSquares())
                .packedDoubles(6, h.bucketLimits()).packedDoubles(7, h.bucketCounts());
        return new ProtoWriter().string(1, tag).message(5, histo);
    }

    /** A text summary: a scalar string tensor, marked for the text plugin (which renders it as Markdown). */
    static ProtoWriter text(String tag, String markdown) {
        ProtoWriter tensor = new ProtoWriter().varint(1, DT_STRING).message(2, new ProtoWriter()).string(8, markdown);
        return new ProtoWriter().string(1, tag).message(9, pluginMetadata("text", new byte[0])).message(8, tensor);
    }

    /**
     * A value that carries only plugin data in its metadata, with the empty float tensor the HParams
     * plugin writes beside it ({@code DT_FLOAT}, shape [0]).
     */
    static ProtoWriter pluginOnly(String tag, String pluginName, byte[] content) {
        ProtoWriter shape = new ProtoWriter().message(2, new ProtoWriter());
        ProtoWriter emptyTensor = new ProtoWriter().varint(1, DT_FLOAT).message(2, shape);
        return new ProtoWriter().string(1, tag).message(9, pluginMetadata(pluginName, content)).message(8, emptyTensor);
    }

    private static ProtoWriter pluginMetadata(String pluginName, byte[] content) {
        ProtoWriter pluginData = new ProtoWriter().string(1, pluginName);
        if (content.length > 0) pluginData.bytes(2, content);
        return new ProtoWriter().message(1, pluginData);
    }
}
