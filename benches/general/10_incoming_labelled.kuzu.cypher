MATCH (u:Institution {kind: 'University', country: 'CN'})<-[:PARTNERED_WITH]-(h:Institution {kind: 'Hospital'})
RETURN count(DISTINCT h) AS hospitals, count(DISTINCT u) AS universities
