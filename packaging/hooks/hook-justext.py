"""jusText loads its stoplists (one text file per language) from its package folder."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("justext")
