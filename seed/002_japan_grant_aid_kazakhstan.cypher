// Source: 002_bf046e2dbe4ea04c.txt (English translation of a Kazinform news item).
// Japan grants 108.7 million yen for equipment of Semey State Medical University Hospital; earlier
// Grassroots grants, university partnerships, JICA and a planned Japan-Kazakhstan Medical Hub.
//
// The document itself, in the source catalogue (see seed/README.md, Provenance).
MERGE (s:Source {key: '002_bf046e2dbe4ea04c.txt'}) ON CREATE SET s.title = 'Japan Provides 7 Million USD Grant Aid to Kazakhstan for Upgrading Medical Infrastructure in the Abyay Region', s.title_en = 'Japan Provides 7 Million USD Grant Aid to Kazakhstan for Upgrading Medical Infrastructure in the Abyay Region', s.publisher = 'Kazakhstan International News Agency', s.language = ['en'], s.url = 'toutiao.com/article/1852916913455116/', s.kind = 'news article', s.note = 'An English rendering of a Kazinform item dated only "29th", reposted on toutiao.com. Its headline (7 million USD) and its body (108.7 million yen) disagree about the grant.';

// Institutions mentioned in this document. Every file repeats the same complete
// ON CREATE SET for a node, so any file loads on its own and the order never matters.
MERGE (n:Agency {name: 'Kazakhstan International News Agency'}) ON CREATE SET n.aliases = [], n.aliases_external = ['Kazinform'], n.country = 'KZ', n.city = 'Astana', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}) ON CREATE SET n.name_ja = 'カザフスタン国保健省', n.aliases = ['Ministry of Health', 'Ministry of Healthcare', '保健省'], n.country = 'KZ', n.city = 'Astana', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '002_bf046e2dbe4ea04c.txt'];
MERGE (n:Embassy {name: 'Embassy of Japan in Kazakhstan'}) ON CREATE SET n.aliases = [], n.country = 'JP', n.city = 'Astana', n.located_in = 'KZ', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:Government {name: 'Government of Japan'}) ON CREATE SET n.name_ja = '日本政府', n.aliases = ['Japanese government', '政府'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt', '003_0415be46e695177d.txt'];
MERGE (n:Hospital {name: 'Semey State Medical University Hospital'}) ON CREATE SET n.aliases = [], n.country = 'KZ', n.region = 'Abyay', n.city = 'Semey', n.region_aliases_external = ['Abai'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:University {name: 'Semey State Medical University'}) ON CREATE SET n.aliases = [], n.country = 'KZ', n.region = 'Abyay', n.city = 'Semey', n.region_aliases_external = ['Abai'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:Government {name: 'Government of the Republic of Kazakhstan'}) ON CREATE SET n.name_ja = 'カザフスタン政府', n.aliases = [], n.aliases_external = ['Government of Kazakhstan'], n.country = 'KZ', n.city = 'Astana', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '002_bf046e2dbe4ea04c.txt'];
MERGE (n:Program {name: 'Grant Assistance for Grassroots Human Security Projects'}) ON CREATE SET n.aliases = ['"Grassroots" Human Security Assistance Program'], n.aliases_external = ['Grassroots program', 'GGP'], n.country = 'JP', n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:Agency {name: 'Japan International Cooperation Agency'}) ON CREATE SET n.name_ja = '国際協力機構', n.aliases = ['JICA'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt', '003_0415be46e695177d.txt'];
MERGE (n:Program {name: 'Young Leaders Program'}) ON CREATE SET n.aliases = [], n.aliases_external = ['YLP'], n.country = 'JP', n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:University {name: 'Nagasaki University'}) ON CREATE SET n.aliases = [], n.country = 'JP', n.city = 'Nagasaki', n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:University {name: 'Hiroshima University'}) ON CREATE SET n.aliases = [], n.country = 'JP', n.city = 'Higashihiroshima', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:University {name: 'Oita University'}) ON CREATE SET n.aliases = [], n.country = 'JP', n.city = 'Oita', n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:University {name: 'Shimane University'}) ON CREATE SET n.aliases = [], n.country = 'JP', n.city = 'Matsue', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:University {name: 'Kochi University'}) ON CREATE SET n.aliases = [], n.country = 'JP', n.city = 'Kochi', n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:Hospital {name: 'Zhezbek Blood Center'}) ON CREATE SET n.aliases = ['Zhezbek blood center'], n.country = 'KZ', n.region = 'Jambyl', n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:Hospital {name: 'Semey City Emergency Hospital'}) ON CREATE SET n.aliases = [], n.country = 'KZ', n.region = 'Abyay', n.city = 'Semey', n.region_aliases_external = ['Abai'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:Hospital {name: 'National Center for Traumatology and Orthopedics'}) ON CREATE SET n.aliases = [], n.country = 'KZ', n.city = 'Astana', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt'];
MERGE (n:ResearchCenter {name: 'Japan-Kazakhstan Medical Hub'}) ON CREATE SET n.aliases = ['Japan–Kazakhstan Medical Hub'], n.country = 'KZ', n.status = 'under discussion', n.source = ['002_bf046e2dbe4ea04c.txt'];

// Relationships stated in this document.

// PART_OF
MATCH (a:Hospital {name: 'Semey State Medical University Hospital'}), (b:University {name: 'Semey State Medical University'})
MERGE (a)-[r:PART_OF {source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Semey State Medical University Hospital';
MATCH (a:Program {name: 'Grant Assistance for Grassroots Human Security Projects'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'its "Grassroots" Human Security Assistance Program';

// FUNDED
MATCH (a:Government {name: 'Government of Japan'}), (b:Hospital {name: 'Semey State Medical University Hospital'})
MERGE (a)-[r:FUNDED {topic: 'high-tech medical equipment (MRI, CT, endoscopes, intensive care) for the Abyay region', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.amount = 108700000, r.currency = 'JPY', r.amount_disputed = true, r.note = 'The body states 108.7 million yen, "approximately 7 million US dollars", and the headline 7 million USD; 108.7 million yen is about a seventh of that. The amount is the yen figure as stated.', r.evidence = 'the Japanese government will provide 108.7 million yen (approximately 7 million US dollars) in grant aid';

// PARTNERED_WITH
MATCH (a:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Embassy {name: 'Embassy of Japan in Kazakhstan'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'intergovernmental grant aid agreement for medical infrastructure in the Abyay region', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Minister of Health Akhmaral Aynazarova signed an intergovernmental agreement with Japanese Ambassador';
MATCH (a:Government {name: 'Government of the Republic of Kazakhstan'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'long-term cooperation in the health sector', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'long-term and stable cooperation between Kazakhstan and Japan in the health sector';
MATCH (a:Government {name: 'Government of the Republic of Kazakhstan'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'deeper cooperation: medical tourism, rehabilitation, transplantation, digital health, AI and telemedicine', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.status = 'proposed', r.evidence = 'Kazakhstan is willing to further deepen cooperation with Japan in areas with development potential';

// SUPPORTED
MATCH (a:Government {name: 'Government of Japan'}), (b:Government {name: 'Government of the Republic of Kazakhstan'})
MERGE (a)-[r:SUPPORTED {topic: 'strengthening the grassroots health system', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.via = 'Grant Assistance for Grassroots Human Security Projects', r.evidence = 'Japan continues to provide support to Kazakhstan through its "Grassroots" Human Security Assistance Program';

// EXCHANGED_WITH
MATCH (a:Agency {name: 'Japan International Cooperation Agency'}), (b:Government {name: 'Government of the Republic of Kazakhstan'})
MERGE (a)-[r:EXCHANGED_WITH {topic: 'medical education and healthcare talent development', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Through projects of the Japan International Cooperation Agency and the "Young Leaders Program,"';
MATCH (a:Program {name: 'Young Leaders Program'}), (b:Government {name: 'Government of the Republic of Kazakhstan'})
MERGE (a)-[r:EXCHANGED_WITH {topic: 'medical education and healthcare talent development', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Through projects of the Japan International Cooperation Agency and the "Young Leaders Program,"';

// PARTNERED_WITH
MATCH (a:University {name: 'Semey State Medical University'}), (b:University {name: 'Nagasaki University'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'academic exchange, clinical internships, joint research, faculty exchanges', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Semey State Medical University has already established partnerships with several well-known Japanese universities';
MATCH (a:University {name: 'Semey State Medical University'}), (b:University {name: 'Hiroshima University'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'academic exchange, clinical internships, joint research, faculty exchanges', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Semey State Medical University has already established partnerships with several well-known Japanese universities';
MATCH (a:University {name: 'Semey State Medical University'}), (b:University {name: 'Oita University'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'academic exchange, clinical internships, joint research, faculty exchanges', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Semey State Medical University has already established partnerships with several well-known Japanese universities';
MATCH (a:University {name: 'Semey State Medical University'}), (b:University {name: 'Shimane University'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'academic exchange, clinical internships, joint research, faculty exchanges', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Semey State Medical University has already established partnerships with several well-known Japanese universities';
MATCH (a:University {name: 'Semey State Medical University'}), (b:University {name: 'Kochi University'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'academic exchange, clinical internships, joint research, faculty exchanges', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'Semey State Medical University has already established partnerships with several well-known Japanese universities';

// FUNDED
MATCH (a:Government {name: 'Government of Japan'}), (b:Hospital {name: 'Zhezbek Blood Center'})
MERGE (a)-[r:FUNDED {topic: 'purchase of 5 platelet storage devices', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.amount = 68790, r.currency = 'USD', r.via = 'Grant Assistance for Grassroots Human Security Projects', r.evidence = 'Japan also provided 68,790 US dollars in funding through the "Grassroots" program to the Zhezbek blood center';
MATCH (a:Government {name: 'Government of Japan'}), (b:Hospital {name: 'Semey City Emergency Hospital'})
MERGE (a)-[r:FUNDED {topic: 'staff call system', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'the Semey City Emergency Hospital has introduced a staff call system';
MATCH (a:Government {name: 'Government of Japan'}), (b:Hospital {name: 'National Center for Traumatology and Orthopedics'})
MERGE (a)-[r:FUNDED {topic: 'CT examination room', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.evidence = 'the National Center for Traumatology and Orthopedics has newly built and put into use a CT examination room';

// ORGANIZED
MATCH (a:Government {name: 'Government of Japan'}), (b:ResearchCenter {name: 'Japan-Kazakhstan Medical Hub'})
MERGE (a)-[r:ORGANIZED {topic: 'establishment of the Japan-Kazakhstan Medical Hub', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.status = 'under discussion', r.evidence = 'both sides are discussing the establishment of the "Japan-Kazakhstan Medical Hub"';
MATCH (a:Government {name: 'Government of the Republic of Kazakhstan'}), (b:ResearchCenter {name: 'Japan-Kazakhstan Medical Hub'})
MERGE (a)-[r:ORGANIZED {topic: 'establishment of the Japan-Kazakhstan Medical Hub', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.status = 'under discussion', r.evidence = 'both sides are discussing the establishment of the "Japan-Kazakhstan Medical Hub"';

// PARTNERED_WITH
MATCH (a:ResearchCenter {name: 'Japan-Kazakhstan Medical Hub'}), (b:Agency {name: 'Japan International Cooperation Agency'})
MERGE (a)-[r:PARTNERED_WITH {topic: 'JICA educational programs in the hub', source: ['002_bf046e2dbe4ea04c.txt']}]->(b)
ON CREATE SET r.status = 'planned', r.evidence = 'The center is planned to integrate clinical research, medical equipment maintenance, JICA educational programs';
