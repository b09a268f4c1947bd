// Hospitals that partner with Chinese universities.
MATCH (u:University {country: 'CN'})<-[:PARTNERED_WITH]-(h:Hospital)
RETURN count(DISTINCT h) AS hospitals, count(DISTINCT u) AS universities
