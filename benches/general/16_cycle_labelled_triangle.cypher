// Kazakh hospitals in an exchange / partnership / partnership triangle with a university.
MATCH (h:Hospital {country: 'KZ'})-[:EXCHANGED_WITH]->(u:University)-[:PARTNERED_WITH]->(x)-[:PARTNERED_WITH]->(h)
RETURN count(*) AS triangles, count(DISTINCT h) AS hospitals
