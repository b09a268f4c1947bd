MATCH (f:Foundation) WHERE f.rating IS NOT NULL REMOVE f.rating
