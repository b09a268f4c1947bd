// Which institutions organised online exchanges, on how many distinct dates, bringing in how many institutions?
MATCH (o)-[r:ORGANIZED]->(p)
WHERE r.mode = 'online'
RETURN o.name AS organiser, count(DISTINCT r.date) AS dates, count(DISTINCT p) AS participants
ORDER BY participants DESC, organiser;

// expect:
// organiser,dates,participants
// Unnamed Japan-China medical exchange center,6,14
// Medical Excellence JAPAN,1,8
// Global MediXchange for Fighting COVID-19,1,3
// (3 rows)
