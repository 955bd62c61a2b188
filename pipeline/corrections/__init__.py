"""Corrections: YAML files that fix what the paper or the extraction got wrong, applied in order.

A correction names its target by stable network id (and an entry by its raw text), says what it
expects to find there and what to put instead. Every corrected value keeps its original value and
the correction's id (`Amendment`). The package's modules, lowest first (their files are read by `pipeline.yamlfiles`,
shared with the package's data files):

- `target`: finding a correction's network, group and entry, or saying what was found instead;
- `edit`: the edits a correction makes to a network, each recording its original;
- `pairing`, `rows`: the operations on a network's id (`pair_network`, `new_network`) and on whole
  rows (`drop_row`, `merge_row`);
- `ops`: the operations on a network's values, one model per operation, which is its handler (what
  it changes, how it applies), and the registry (`OPERATIONS`) the correction file format is built
  from;
- `apply`: a folder of correction files read, checked against each other and applied in order.
"""
