#!/usr/bin/env python3
"""Reads tensorj's event files with TensorBoard's own EventAccumulator and prints what it found as JSON.

Usage: read_events.py RUN_DIR [RUN_DIR ...]

For each run folder: every scalar (step, value), image (step, width, height, sha256 of the PNG),
histogram (step, min, max, num, sum, sum_squares, bucket limits, bucket counts), text tensor
(step, string), and HParams plugin summary (decoded with the plugin's own parser). The Java test
(TensorBoardReaderTest) compares the output with what it wrote. Exit status 3: tensorboard is not
installed (the test then skips).
"""
import hashlib
import json
import sys

try:
    from tensorboard.backend.event_processing import event_accumulator
    from tensorboard.plugins.hparams import metadata as hparams_metadata
    from tensorboard.util import tensor_util
except ImportError as e:  # the Java test skips on this status
    print(f"tensorboard is not installed: {e}", file=sys.stderr)
    sys.exit(3)


def hparam_value(value):
    kind = value.WhichOneof("kind")
    return getattr(value, kind) if kind else None


def plugin_tags(acc, plugin_name):
    try:
        return acc.PluginTagToContent(plugin_name)
    except KeyError:  # no summary of that plugin in this run
        return {}


def read_run(path):
    # size_guidance 0 keeps every event (the default samples images and histograms down)
    acc = event_accumulator.EventAccumulator(path, size_guidance={k: 0 for k in event_accumulator.DEFAULT_SIZE_GUIDANCE})
    acc.Reload()
    tags = acc.Tags()
    run = {"scalars": {}, "images": {}, "histograms": {}, "texts": {}, "hparams": {}}
    for tag in tags["scalars"]:
        run["scalars"][tag] = [[e.step, e.value] for e in acc.Scalars(tag)]
    for tag in tags["images"]:
        run["images"][tag] = [[e.step, e.width, e.height, hashlib.sha256(e.encoded_image_string).hexdigest()] for e in acc.Images(tag)]
    for tag in tags["histograms"]:
        run["histograms"][tag] = [
            [e.step, h.min, h.max, h.num, h.sum, h.sum_squares, list(h.bucket_limit), list(h.bucket)]
            for e in acc.Histograms(tag)
            for h in [e.histogram_value]
        ]
    for tag in plugin_tags(acc, "text"):
        run["texts"][tag] = [[e.step, tensor_util.make_ndarray(e.tensor_proto).item().decode("utf-8")] for e in acc.Tensors(tag)]
    for tag, content in plugin_tags(acc, hparams_metadata.PLUGIN_NAME).items():
        if tag == hparams_metadata.SESSION_START_INFO_TAG:
            info = hparams_metadata.parse_session_start_info_plugin_data(content)
            run["hparams"]["start"] = {k: hparam_value(v) for k, v in info.hparams.items()}
        elif tag == hparams_metadata.SESSION_END_INFO_TAG:
            run["hparams"]["end_status"] = hparams_metadata.parse_session_end_info_plugin_data(content).status
        elif tag == hparams_metadata.EXPERIMENT_TAG:
            experiment = hparams_metadata.parse_experiment_plugin_data(content)
            run["hparams"]["experiment"] = {
                "hparams": {i.name: [hparam_value(v) for v in i.domain_discrete.values] for i in experiment.hparam_infos},
                "metrics": [m.name.tag for m in experiment.metric_infos],
            }
    return run


def main(paths):
    print(json.dumps({path: read_run(path) for path in paths}))


if __name__ == "__main__":
    main(sys.argv[1:])
