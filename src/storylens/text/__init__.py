"""Text helpers shared by several stages: sentence splitting, word tokens, stop words."""
