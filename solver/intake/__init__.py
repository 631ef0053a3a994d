"""Reading real forms: files → grids → located tables → mapped columns → typed values."""
