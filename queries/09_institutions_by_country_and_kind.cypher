// How many institutions of each kind does each country have in the data? (Institutions are
// the nodes that are neither a source document nor an event.)
MATCH (n)
WHERE NOT n:Source AND NOT n:Event
RETURN n.country AS country, labels(n)[0] AS kind, count(*) AS institutions
ORDER BY country, kind;

// expect:
// country,kind,institutions
// AE,ResearchCenter,1
// CN,Association,2
// CN,Company,2
// CN,Embassy,1
// CN,Foundation,2
// CN,Group,1
// CN,Hospital,8
// CN,Program,1
// CN,University,3
// JP,Agency,3
// JP,Association,7
// JP,Company,1
// JP,Council,4
// JP,Embassy,1
// JP,Government,1
// JP,Group,1
// JP,Hospital,8
// JP,Ministry,5
// JP,PoliticalParty,1
// JP,Program,5
// JP,ResearchCenter,6
// JP,University,9
// KH,Hospital,1
// KZ,Agency,2
// KZ,Embassy,1
// KZ,Government,1
// KZ,Hospital,4
// KZ,Ministry,1
// KZ,ResearchCenter,3
// KZ,University,3
// QA,ResearchCenter,1
// RU,Hospital,2
// (32 rows)
