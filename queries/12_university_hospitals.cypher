// Which hospitals belong to which university?
MATCH (h:Hospital)-[:PART_OF]->(u:University)
WITH u, h
ORDER BY h.name
RETURN u.name AS university, collect(h.name) AS hospitals
ORDER BY university;

// expect:
// university,hospitals
// Guangxi Medical University,"[""First Affiliated Hospital of Guangxi Medical University"",""Guangxi Medical University Cancer Hospital""]"
// Juntendo University,"[""Juntendo University Hospital"",""Juntendo University Urayasu Hospital""]"
// Kyorin University,"[""Kyorin University Hospital""]"
// Nanjing Medical University,"[""Second Affiliated Hospital of Nanjing Medical University""]"
// Semey State Medical University,"[""Semey State Medical University Hospital""]"
// Teikyo University,"[""Teikyo University Hospital""]"
// Zhejiang University,"[""First Affiliated Hospital, Zhejiang University School of Medicine""]"
// (7 rows)
