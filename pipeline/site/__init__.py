"""The public website of a published version (`cdpc site`): `pipeline.site.build` writes it,
`pages` gives what its pages show, `world` draws the map, `text` holds its English and French."""
