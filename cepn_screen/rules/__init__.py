"""Rule sets as data (rules/*.yaml), one engine that evaluates them on profiles."""
