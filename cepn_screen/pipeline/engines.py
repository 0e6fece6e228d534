"""The engines the per-substance work can run on (pipeline.executors runs them). A light
module: the command line builds its --engine choices from ENGINES without importing the
pipeline."""

ENGINES = ("local", "dask")
