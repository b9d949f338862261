"""Content packs: the format, its validation and (de)serialisation. Pure; no I/O beyond reading a file."""
