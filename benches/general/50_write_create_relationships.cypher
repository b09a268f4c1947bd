// Creates a grant along up to 10,000 partnerships of Japanese agencies with hospitals.
MATCH (a:Agency {country: 'JP'})-[:PARTNERED_WITH]->(h:Hospital)
WITH a, h LIMIT 10000
CREATE (a)-[:FUNDED {year: 2026, amount: 5000}]->(h)
RETURN count(*) AS created
