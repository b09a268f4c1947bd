// Paths of one or two partnerships or exchanges, either direction, to hospitals.
MATCH (a {name: $mid})-[:PARTNERED_WITH|EXCHANGED_WITH*1..2]-(b:Hospital)
RETURN count(*) AS paths, count(DISTINCT b) AS hospitals
