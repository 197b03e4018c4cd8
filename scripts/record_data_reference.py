"""Record torch's answers for ember.utils.data's deterministic behaviour.

Each case is a Python expression evaluated with ``torch``, ``data`` (torch.utils.data)
and ``np`` bound, after PRELUDE; the JSON keeps the code next to torch's repr of the
value (or of the exception raised), and tests/data/test_reference.py re-runs the same
code with ember bound in torch's place. Run with a torch 2.13 interpreter:

    /work/torchenv/bin/python scripts/record_data_reference.py
"""

from __future__ import annotations

import json
import pathlib
import warnings

PRELUDE = '''
import collections
Point = collections.namedtuple("Point", "x y")

class Stream(data.IterableDataset):
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return iter(range(self.n))

class SizedStream(Stream):
    def __len__(self):
        return self.n

class Squares(data.Dataset):
    def __len__(self):
        return 5
    def __getitem__(self, i):
        return {"i": i, "sq": float(i * i), "name": "n%d" % i, "arr": np.full(2, i)}

class Uneven(data.IterableDataset):
    """Worker 0 streams more items than the others, so workers run out at different times."""
    def __iter__(self):
        info = data.get_worker_info()
        stop = 10 if info is None or info.id == 0 else 4
        step = 1 if info is None else info.num_workers
        return iter(range(0 if info is None else info.id, stop, step))

class Rows(data.Dataset[int]):
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return [i, -i]

xs = torch.arange(10.).reshape(5, 2)
ys = torch.arange(5)
pairs = data.TensorDataset(xs, ys)
batches = lambda loader: list(loader)
'''

CASES: dict[str, str] = {
    # default_collate, one leaf type at a time
    "collate_tensors": "data.default_collate([torch.tensor([1., 2.]), torch.tensor([3., 4.])])",
    "collate_int_tensors": "data.default_collate([torch.tensor(1), torch.tensor(2)])",
    "collate_numpy": "data.default_collate([np.array([1, 2]), np.array([3, 4])])",
    "collate_numpy_float32": "data.default_collate([np.ones(2, np.float32), "
                             "np.zeros(2, np.float32)])",
    "collate_numpy_scalars": "data.default_collate([np.float32(1.5), np.float32(2.5)])",
    "collate_numpy_int_scalars": "data.default_collate([np.int16(1), np.int16(2)])",
    "collate_numpy_bools": "data.default_collate([np.bool_(True), np.bool_(False)])",
    "collate_floats": "data.default_collate([1.5, 2.0, -3.25])",
    "collate_ints": "data.default_collate([1, 2, 3])",
    "collate_bools": "data.default_collate([True, False])",
    "collate_strings": "data.default_collate(['a', 'bc'])",
    "collate_bytes": "data.default_collate([b'a', b'bc'])",
    "collate_dict": "data.default_collate([{'a': 1, 'b': 2.0}, {'a': 3, 'b': 4.0}])",
    "collate_tuple": "data.default_collate([(1, 2.0, 'x'), (3, 4.0, 'y')])",
    "collate_namedtuple": "data.default_collate([Point(1, 2.0), Point(3, 4.0)])",
    "collate_list": "data.default_collate([[1, 2], [3, 4], [5, 6]])",
    "collate_nested": "data.default_collate([{'p': (torch.zeros(2), [1, 'u'])}, "
                      "{'p': (torch.ones(2), [2, 'v'])}])",
    "collate_mixed_dataset": "data.default_collate([Squares()[0], Squares()[3]])",
    # default_convert (what batch_size=None applies)
    "convert_numpy": "data.default_convert(np.array([1.0, 2.0]))",
    "convert_numpy_scalar": "data.default_convert(np.int32(7))",
    "convert_nested": "data.default_convert({'a': np.zeros(2), 'b': (np.ones(1), 3, 'x')})",
    "convert_namedtuple": "data.default_convert(Point(np.arange(2), 5))",
    "convert_string_array": "data.default_convert(np.array(['a', 'b']))",
    "convert_plain": "data.default_convert([1, 2.5, 'x'])",
    # more leaf and container kinds
    "collate_grad_tuple": "data.default_collate([(torch.ones(2, requires_grad=True) * 2, 1)] * 2)",
    "collate_numpy_float64_scalars": "data.default_collate([np.float64(1.5), np.float64(2.0)])",
    "collate_numpy_0d": "data.default_collate([np.array(3.5), np.array(4.5)])",
    "collate_ordered_dict": "data.default_collate([collections.OrderedDict(a=1), "
                            "collections.OrderedDict(a=2)])",
    "collate_defaultdict": "data.default_collate([collections.defaultdict(int, a=1.0)] * 2)",
    "collate_uint8": "data.default_collate([torch.tensor([1, 2], dtype=torch.uint8)] * 2)",
    "collate_ranges": "data.default_collate([range(2), range(2)])",
    "collate_empty": "data.default_collate([])",
    "convert_tuple": "data.default_convert((1, np.int64(2)))",
    "loader_zip_pairs": "batches(data.DataLoader(list(zip(range(3), 'abc')), batch_size=2))",
    "loader_subset_unbatched": "batches(data.DataLoader(data.Subset(range(10), [1, 2]), "
                               "batch_size=None))",
    "subset_sampler_len": "len(data.SubsetRandomSampler([1, 2, 3]))",
    "split_bad_fraction_range": "data.random_split(range(10), [1.2, -0.2])",
    "loader_batch_size_true": "list(data.DataLoader(range(3), batch_size=True))",
    "loader_batch_size_float": "data.DataLoader(range(3), batch_size=2.0)",
    "collate_float16_arrays": "str(data.default_collate([np.zeros(2, np.float16)] * 2).dtype)",
    "collate_namedtuple_strings": "data.default_collate([Point(torch.zeros(1), 'a')] * 2)",
    "split_tensor": "[len(s) for s in data.random_split(torch.arange(5), [2, 3])]",
    "tensor_dataset_slice": "data.TensorDataset(xs, ys)[1:3]",
    "collate_single_string": "data.default_collate(['a'])",
    "collate_complex": "data.default_collate([1 + 2j, 3j])",
    # collate errors
    "collate_err_object": "data.default_collate([object(), object()])",
    "collate_err_none": "data.default_collate([None, None])",
    "collate_err_set": "data.default_collate([{1}, {2}])",
    "collate_err_ragged": "data.default_collate([[1, 2], [1]])",
    "collate_err_shapes": "data.default_collate([torch.zeros(2), torch.zeros(3)])",
    "collate_err_str_array": "data.default_collate([np.array(['a']), np.array(['b'])])",
    "collate_err_obj_array": "data.default_collate([np.array([None]), np.array([None])])",
    # DataLoader batches (deterministic options)
    "loader_default": "batches(data.DataLoader(pairs))",
    "loader_batch2": "batches(data.DataLoader(pairs, batch_size=2))",
    "loader_batch2_drop": "batches(data.DataLoader(pairs, batch_size=2, drop_last=True))",
    "loader_shuffle_false": "batches(data.DataLoader(pairs, batch_size=3, shuffle=False))",
    "loader_no_batching": "batches(data.DataLoader(pairs, batch_size=None))",
    "loader_dicts": "batches(data.DataLoader(Squares(), batch_size=2))",
    "loader_dicts_unbatched": "batches(data.DataLoader(Squares(), batch_size=None))[:2]",
    "loader_range": "batches(data.DataLoader(range(7), batch_size=3))",
    "loader_list_of_floats": "batches(data.DataLoader([0.5, 1.5, 2.5], batch_size=2))",
    "loader_sampler": "batches(data.DataLoader(range(10), batch_size=2, "
                      "sampler=[9, 0, 4, 4, 1]))",
    "loader_batch_sampler": "batches(data.DataLoader(range(10), "
                            "batch_sampler=[[3, 1], [2], [0, 5, 6]]))",
    "loader_collate_fn": "batches(data.DataLoader(range(5), batch_size=2, collate_fn=lambda b: b))",
    "loader_subset": "batches(data.DataLoader(data.Subset(pairs, [4, 0, 2]), batch_size=2))",
    "loader_concat": "batches(data.DataLoader(data.ConcatDataset([range(3), range(10, 12)]), "
                     "batch_size=4))",
    "loader_stream": "batches(data.DataLoader(Stream(7), batch_size=3))",
    "loader_stream_drop": "batches(data.DataLoader(Stream(7), batch_size=3, drop_last=True))",
    "loader_stream_unbatched": "batches(data.DataLoader(Stream(3), batch_size=None))",
    "loader_chain": "batches(data.DataLoader(Stream(2) + Stream(3), batch_size=2))",
    # worker processes: same batches, same order as torch's round robin
    "workers_map": "batches(data.DataLoader(pairs, batch_size=2, num_workers=2))",
    "workers_uneven_2": "batches(data.DataLoader(Uneven(), batch_size=2, num_workers=2))",
    "workers_uneven_3": "batches(data.DataLoader(Uneven(), batch_size=2, num_workers=3))",
    "workers_stream_copies": "batches(data.DataLoader(Stream(5), batch_size=2, num_workers=2))",
    "workers_unbatched": "batches(data.DataLoader(range(5), batch_size=None, num_workers=2))",
    "workers_prefetch_1": "batches(data.DataLoader(range(5), batch_size=2, num_workers=2, "
                          "prefetch_factor=1, persistent_workers=True))",
    # lengths
    "len_default": "len(data.DataLoader(pairs))",
    "len_batch2": "len(data.DataLoader(pairs, batch_size=2))",
    "len_batch2_drop": "len(data.DataLoader(pairs, batch_size=2, drop_last=True))",
    "len_unbatched": "len(data.DataLoader(pairs, batch_size=None))",
    "len_batch_sampler": "len(data.DataLoader(range(10), batch_sampler=[[3, 1], [2]]))",
    "len_stream": "len(data.DataLoader(SizedStream(7), batch_size=3))",
    "len_stream_drop": "len(data.DataLoader(SizedStream(7), batch_size=3, drop_last=True))",
    "len_stream_unbatched": "len(data.DataLoader(SizedStream(7), batch_size=None))",
    "len_stream_unsized": "len(data.DataLoader(Stream(7)))",
    "len_shuffled": "len(data.DataLoader(range(7), batch_size=2, shuffle=True))",
    # datasets and samplers
    "tensor_dataset_item": "pairs[1]",
    "tensor_dataset_len": "len(pairs)",
    "tensor_dataset_mismatch": "data.TensorDataset(torch.zeros(3), torch.zeros(4))",
    "stack_tuple": "[data.StackDataset(range(3), 'abc')[i] for i in range(3)]",
    "stack_dict": "data.StackDataset(a=range(3), b=xs[:3])[2]",
    "stack_len": "len(data.StackDataset(a=range(3), b='xyz'))",
    "stack_mismatch": "data.StackDataset(range(3), range(4))",
    "stack_both": "data.StackDataset(range(3), b=range(3))",
    "stack_none": "data.StackDataset()",
    "loader_stack": "batches(data.DataLoader(data.StackDataset(a=range(3), b=xs[:3]), "
                    "batch_size=2))",
    "loader_tensor_dataset_direct": "batches(data.DataLoader(xs, batch_size=2))",
    "loader_generic_subclass": "batches(data.DataLoader(Rows(), batch_size=2))",
    "subset_items": "[data.Subset(range(10), [7, 2, 5])[i] for i in range(3)]",
    "concat_items": "[data.ConcatDataset([range(3), range(10, 12), range(20, 21)])[i] "
                    "for i in (0, 2, 3, 4, 5, -1, -6)]",
    "concat_sizes": "data.ConcatDataset([range(3), range(10, 12)]).cumulative_sizes",
    "concat_add": "len(data.TensorDataset(xs) + data.TensorDataset(xs))",
    "concat_bad_index": "data.ConcatDataset([range(3)])[-4]",
    "concat_empty": "data.ConcatDataset([])",
    "concat_iterable": "data.ConcatDataset([Stream(2)])",
    "dataset_getitem": "data.Dataset()[0]",
    "dataset_len": "len(data.Dataset())",
    "split_lengths": "[len(s) for s in data.random_split(range(10), [3, 7])]",
    "split_fractions": "[len(s) for s in data.random_split(range(10), [0.3, 0.3, 0.4])]",
    "split_fraction_remainder": "[len(s) for s in data.random_split(range(11), [0.25] * 4)]",
    "split_fraction_odd": "[len(s) for s in data.random_split(range(10), [0.33, 0.33, 0.34])]",
    "split_bad_sum": "data.random_split(range(10), [3, 3])",
    "split_bad_fractions": "data.random_split(range(10), [0.5, 0.6])",
    "split_cover": "sorted(i for s in data.random_split(range(10), [4, 6]) for i in s)",
    "sequential": "list(data.SequentialSampler(range(4)))",
    "batch_sampler": "list(data.BatchSampler(range(7), 3, False))",
    "batch_sampler_drop": "list(data.BatchSampler(range(7), 3, True))",
    "batch_sampler_len": "(len(data.BatchSampler(range(7), 3, False)), "
                         "len(data.BatchSampler(range(7), 3, True)))",
    "random_sampler_len": "len(data.RandomSampler(range(4), replacement=True, num_samples=9))",
    "weighted_len": "len(data.WeightedRandomSampler([1.0, 2.0], 5))",
    # argument errors
    "err_sampler_shuffle": "data.DataLoader(range(3), shuffle=True, sampler=[0, 1])",
    "err_batch_size_0": "data.DataLoader(range(3), batch_size=0)",
    "err_batch_size_neg": "data.DataLoader(range(3), batch_size=-1)",
    "err_batch_sampler_batch_size": "data.DataLoader(range(3), batch_sampler=[[0]], "
                                    "batch_size=2)",
    "err_batch_sampler_shuffle": "data.DataLoader(range(3), batch_sampler=[[0]], shuffle=True)",
    "err_batch_sampler_drop": "data.DataLoader(range(3), batch_sampler=[[0]], drop_last=True)",
    "err_unbatched_drop": "data.DataLoader(range(3), batch_size=None, drop_last=True)",
    "err_num_workers": "data.DataLoader(range(3), num_workers=-1)",
    "err_timeout": "data.DataLoader(range(3), timeout=-1)",
    "err_prefetch_no_workers": "data.DataLoader(range(3), prefetch_factor=2)",
    "err_prefetch_negative": "data.DataLoader(range(3), num_workers=1, prefetch_factor=-1)",
    "err_persistent": "data.DataLoader(range(3), persistent_workers=True)",
    "err_stream_shuffle": "data.DataLoader(Stream(3), shuffle=True)",
    "err_stream_sampler": "data.DataLoader(Stream(3), sampler=[0])",
    "err_stream_batch_sampler": "data.DataLoader(Stream(3), batch_sampler=[[0]])",
    "err_random_num_samples": "data.RandomSampler(range(3), num_samples=0)",
    "err_random_replacement": "data.RandomSampler(range(3), replacement=1)",
    "err_batch_sampler_size": "data.BatchSampler([1, 2], 0, False)",
    "err_batch_sampler_drop_last": "data.BatchSampler([1, 2], 1, 3)",
    "err_weighted_num_samples": "data.WeightedRandomSampler([1.0, 2.0], 0)",
    "err_weighted_replacement": "data.WeightedRandomSampler([1.0, 2.0], 2, replacement=3)",
    "err_weighted_shape": "data.WeightedRandomSampler([[1.0, 2.0]], 2)",
}


def evaluate(torch_module: object, data_module: object, code: str) -> str:
    """``repr`` of the case's value, or ``ExceptionType: message`` if it raises."""
    import numpy as np

    scope = {"torch": torch_module, "data": data_module, "np": np}
    exec(PRELUDE, scope)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return repr(eval(code, scope))
    except Exception as error:  # noqa: BLE001 - the error is the recorded answer
        return f"{type(error).__name__}: {error}"


def main() -> None:
    import torch
    import torch.utils.data

    cases = {name: {"code": code, "torch": evaluate(torch, torch.utils.data, code)}
             for name, code in CASES.items()}
    out = pathlib.Path(__file__).resolve().parent.parent / "tests/reference/data_reference.json"
    out.write_text(json.dumps({"torch_version": torch.__version__, "prelude": PRELUDE,
                               "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
