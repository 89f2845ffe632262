"""The schema layer's parts: how templates write headers, placeholders and instructions."""
