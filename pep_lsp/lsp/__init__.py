"""The LSP edge: pygls wiring, protocol workarounds, conversions to lsprotocol types."""
