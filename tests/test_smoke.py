def test_package_imports():
    import regiontool.cli  # noqa: F401
