"""Qt-free core: what the data is (model), how it is read (loader), queried (query) and rendered.

Deliberately empty of imports: importing any submodule runs this file first, and the window's
start from the validated snapshot must not pay for PyYAML and pydantic (see snapshot.py).
"""
