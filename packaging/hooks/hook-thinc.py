"""thinc without its tests and Cython sources (the CUDA kernel sources stay: thinc reads them on import)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

datas = collect_data_files("thinc", excludes=["**/*.pyx", "**/*.pxd", "**/*.pyi", "tests/**"]) + copy_metadata("thinc")
hiddenimports = collect_submodules("thinc", filter=lambda name: ".tests" not in name and ".mypy" not in name)
excludedimports = ["thinc.tests"]
