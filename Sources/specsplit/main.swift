import SpecSplit
print(SpecSplitVersion.current)
