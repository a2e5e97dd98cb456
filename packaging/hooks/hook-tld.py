"""tld reads the public suffix list from tld/res/ (courlan uses it for domains)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("tld", excludes=["tests/**"])
