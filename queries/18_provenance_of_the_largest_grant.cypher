// Where does the largest grant come from: which document, published by whom and when, and
// what exactly does it say? (Amounts compare as stated; 108.7 million yen outweighs 68,790
// dollars at any rate, and the document itself disputes its figure.)
MATCH (f)-[r:FUNDED]->(h)
WHERE r.amount IS NOT NULL
WITH f, r, h
ORDER BY r.amount DESC
LIMIT 1
CALL db.provenance(r) YIELD source, title, published, evidence
RETURN f.name AS funder, h.name AS recipient, r.amount AS amount, r.currency AS currency, r.amount_disputed AS disputed, r.note AS note, source, title, published, evidence;

// expect:
// funder,recipient,amount,currency,disputed,note,source,title,published,evidence
// Government of Japan,Semey State Medical University Hospital,108700000,JPY,true,"The body states 108.7 million yen, ""approximately 7 million US dollars"", and the headline 7 million USD; 108.7 million yen is about a seventh of that. The amount is the yen figure as stated.",002_bf046e2dbe4ea04c.txt,Japan Provides 7 Million USD Grant Aid to Kazakhstan for Upgrading Medical Infrastructure in the Abyay Region,,the Japanese government will provide 108.7 million yen (approximately 7 million US dollars) in grant aid
// (1 row)
