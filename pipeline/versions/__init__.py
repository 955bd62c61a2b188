"""Versions: a source and its corrections built into the next version of a dataset, and the store
that publishes, finds and verifies versions under a root's `extracted/<dataset>/v<N>/`.

The package owns everything about a version folder. Its modules, lowest first:

- `lock`: one writer at a time on a root (`hold`);
- `store`: the published versions, their manifests, `latest`, and the typed dataset of one
  (`load`, the library's `pipeline.load`; `resolve_version`, `read_manifest`, `write_version`);
- `cache`: a root's cache of extractions and normalised records (ROOT/.cache) and the pipeline's
  fingerprint (`pipeline_sha256`);
- `uptodate`, `repeat`: a build told from hashes alone, without the models: found up to date
  (`unchanged_build`, `Published`) or repeating the latest version (`built_from_hashes`);
- `ids`: network ids kept across versions (`with_kept_ids`);
- `assertions`: records that cannot be what they claim stop a publish (`require_plausible`);
- `build`: the build itself (`full_build`, `publish`, `normalised_input`).

Importing the package imports none of them: import each name from its module. An up-to-date
`cdpc build` imports `store`, `cache`, `uptodate` and `repeat` only (no model, no PDF library).
"""
