MATCH p = (a {name: $src2})-[:FUNDED|PARTNERED_WITH* SHORTEST 1..30]-(b {name: $dst2})
RETURN length(p) AS hops
