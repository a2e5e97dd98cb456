"""trafilatura reads settings.cfg (and data/) next to its modules."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("trafilatura") + copy_metadata("trafilatura")
