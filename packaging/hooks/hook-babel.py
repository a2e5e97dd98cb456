"""Babel is here only for courlan's URL language filter: keep the global data and the root/English locales.

The full locale set is over 30 MB; `Locale.parse` of another language raises UnknownLocaleError, which
courlan treats as "not that language".
"""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("babel", includes=["global.dat", "locale-data/root.dat", "locale-data/en*.dat"])
hiddenimports = ["babel.dates", "babel.localedata", "babel.plural", "babel.numbers"]
