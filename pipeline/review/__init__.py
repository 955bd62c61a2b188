"""Review: what a person reads to accept a version, from `cdpc build`'s summary to the HTML report.

The package owns presenting versions and their diff to a reviewer. Its modules, lowest first:

- `sections`: the diff as a reviewer reads it, what several networks share said once
  (`reviewed_diff`, `review_sections`);
- `content`: what the report's templates show of a version (flags, memberships, corrections' state);
- `folders`: a report's (or the site's) folder, written only over an earlier report (`write_folder`);
- `report`: `cdpc report`, the static HTML review page (`write_report`);
- `summary`: what `cdpc build` prints after its first line (`version_summary`, `summary_lines`).

Importing the package imports none of them: import each name from its module (`summary` runs on
the up-to-date fast path and imports no model until a figure is not kept).
"""
