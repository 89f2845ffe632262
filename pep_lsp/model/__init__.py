"""The document model: text -> Model (scanning, blocks, header, directives, URLs). No rules."""
