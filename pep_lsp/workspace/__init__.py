"""Many documents -> an Index (numbers, titles, links). No configuration, no pygls."""
