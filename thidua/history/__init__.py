"""Award history of people and units: entry, import of past years, and the rule parameters screen."""
