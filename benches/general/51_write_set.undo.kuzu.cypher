MATCH (f:Institution) WHERE f.rating IS NOT NULL SET f.rating = NULL
