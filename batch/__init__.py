"""``regain batch``: assess many case files into plans, a summary and an overview.

A use-case that drives the engine, not inference, so it lives beside
``engine/`` (``cli.py`` -> ``batch/`` -> ``engine/`` and ``reports/``):

* :mod:`.inputs`: finding the case files and streaming them as work items
  (CSV files a row at a time);
* :mod:`.worker`: what a worker process does with one work item (read,
  validate, assess, render, write a temporary file);
* :mod:`.pool`: the worker processes (:class:`concurrent.futures.ProcessPoolExecutor`),
  results in input order with a bounded number in flight;
* :mod:`.outputs`: the output folder (lock, manifest, the guard that never
  writes over an input or a file regain did not write, temporary files);
* :mod:`.summary`: the rows kept per case, ``summary.csv`` and ``errors.txt``;
* :mod:`.run`: :func:`~.run.run_batch`, which ties them together.

Nothing is imported here, so that importing one module stays cheap.
"""
