// Source: 000_ae4fe6d9fdf8dcb5.txt (Japanese press note, MEJ).
// On 2020-03-24, at the Kazakh government's request relayed by its embassy, MEJ arranged a video
// conference between Kazakhstan's Ministry of Healthcare and NCGM Hospital on COVID-19 countermeasures.
//
// The document itself, in the source catalogue (see seed/README.md, Provenance).
MERGE (s:Source {key: '000_ae4fe6d9fdf8dcb5.txt'}) ON CREATE SET s.title = 'カザフスタン国への新型コロナウイルス対策支援', s.title_en = 'Support for Kazakhstan against the novel coronavirus', s.publisher = 'Medical Excellence JAPAN', s.published = '2020', s.language = ['ja'], s.kind = 'press release', s.external = ['publisher', 'published'], s.note = 'Names neither its publisher nor its date: it reports, in the voice of MEJ, a meeting held on 2020-03-24.';

// Institutions mentioned in this document. Every file repeats the same complete
// ON CREATE SET for a node, so any file loads on its own and the order never matters.
MERGE (n:Government {name: 'Government of the Republic of Kazakhstan'}) ON CREATE SET n.name_ja = 'カザフスタン政府', n.aliases = [], n.aliases_external = ['Government of Kazakhstan'], n.country = 'KZ', n.city = 'Astana', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '002_bf046e2dbe4ea04c.txt'];
MERGE (n:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}) ON CREATE SET n.name_ja = 'カザフスタン国保健省', n.aliases = ['Ministry of Health', 'Ministry of Healthcare', '保健省'], n.country = 'KZ', n.city = 'Astana', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '002_bf046e2dbe4ea04c.txt'];
MERGE (n:Hospital {name: 'National Center for Global Health and Medicine Hospital'}) ON CREATE SET n.name_ja = '国立国際医療研究センター病院', n.aliases = [], n.aliases_external = ['NCGM Hospital'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:ResearchCenter {name: 'Disease Control and Prevention Center'}) ON CREATE SET n.name_ja = '国際感染症センター', n.aliases = [], n.aliases_external = ['DCC'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:Association {name: 'Medical Excellence JAPAN'}) ON CREATE SET n.aliases = ['MEJ', 'Medical Excellence Japan'], n.country = 'JP', n.city = 'Tokyo', n.founded = date('2013-04'), n.founded_precision = 'month', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '001_114f3af2ba6b8384.txt', '003_0415be46e695177d.txt'];
MERGE (n:Embassy {name: 'Embassy of the Republic of Kazakhstan in Japan'}) ON CREATE SET n.aliases = ['Embassy of the Republic of Kazakhstan'], n.country = 'KZ', n.city = 'Tokyo', n.located_in = 'JP', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:ResearchCenter {name: 'National Center for Global Health and Medicine'}) ON CREATE SET n.name_ja = '国立国際医療研究センター', n.aliases = [], n.aliases_external = ['NCGM'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:ResearchCenter {name: 'AMR Clinical Reference Center'}) ON CREATE SET n.name_ja = 'AMR臨床リファレンスセンター', n.aliases = [], n.aliases_external = ['AMRCRC'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:Association {name: 'Japanese Association for Infectious Diseases'}) ON CREATE SET n.name_ja = '日本感染症学会', n.aliases = [], n.aliases_external = ['JAID'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:Association {name: 'Japanese Society of Internal Medicine'}) ON CREATE SET n.name_ja = '日本内科学会', n.aliases = [], n.aliases_external = ['JSIM'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:Association {name: 'ICD Council'}) ON CREATE SET n.name_ja = 'ICD制度協議会', n.aliases = [], n.aliases_external = ['Infection Control Doctor Council'], n.country = 'JP', n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:Association {name: 'Japanese Society of Chemotherapy'}) ON CREATE SET n.name_ja = '日本化学療法学会', n.aliases = [], n.aliases_external = ['JSC'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:Agency {name: 'Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan'}) ON CREATE SET n.aliases = ['Department of Public Health Policy'], n.country = 'KZ', n.city = 'Astana', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:ResearchCenter {name: 'National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan'}) ON CREATE SET n.aliases = ['National Public Health Centre'], n.country = 'KZ', n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:University {name: 'Asfendiyarov Kazakh National Medical University'}) ON CREATE SET n.aliases = [], n.aliases_external = ['KazNMU'], n.country = 'KZ', n.city = 'Almaty', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:University {name: 'Astana Medical University'}) ON CREATE SET n.aliases = [], n.country = 'KZ', n.city = 'Astana', n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:ResearchCenter {name: 'Scientific Practical Center for Sanitary and Epidemiological Expertise and Monitoring'}) ON CREATE SET n.aliases = [], n.country = 'KZ', n.source = ['000_ae4fe6d9fdf8dcb5.txt'];
MERGE (n:Ministry {name: 'Ministry of Health, Labour and Welfare'}) ON CREATE SET n.name_ja = '厚生労働省', n.aliases = ['厚労省'], n.aliases_external = ['MHLW'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '003_0415be46e695177d.txt'];

// Relationships stated in this document.

// PART_OF
MATCH (a:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Government {name: 'Government of the Republic of Kazakhstan'})
MERGE (a)-[r:PART_OF {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'カザフスタン政府の要請に応じ、カザフスタン国保健省高官';
MATCH (a:Agency {name: 'Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'})
MERGE (a)-[r:PART_OF {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Director of the Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan';
MATCH (a:ResearchCenter {name: 'National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'})
MERGE (a)-[r:PART_OF {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Director of the National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:ResearchCenter {name: 'National Center for Global Health and Medicine'})
MERGE (a)-[r:PART_OF {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = '国立国際医療研究センター病院';
MATCH (a:ResearchCenter {name: 'Disease Control and Prevention Center'}), (b:Hospital {name: 'National Center for Global Health and Medicine Hospital'})
MERGE (a)-[r:PART_OF {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = '国立国際医療研究センター病院 国際感染症センター センター長';
MATCH (a:ResearchCenter {name: 'AMR Clinical Reference Center'}), (b:ResearchCenter {name: 'National Center for Global Health and Medicine'})
MERGE (a)-[r:PART_OF {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = '国立国際医療研究センター AMR臨床リファレンスセンター内会議室';

// REQUESTED_SUPPORT_FROM
MATCH (a:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:REQUESTED_SUPPORT_FROM {date: date('2020'), date_precision: 'year', topic: 'guidance on COVID-19 countermeasures from Japan', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.via = 'Embassy of the Republic of Kazakhstan in Japan', r.evidence = 'カザフスタン国の保健省から大使館経由でMEJに支援要請があった';

// EXCHANGED_WITH
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-03-24'), topic: 'COVID-19 response: care system, patient handling, testing, prescribing', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-03-24-ncgm-kazakhstan', r.evidence = 'カザフスタン国保健省高官（Aktayeva保健副大臣他専門家）と国立国際医療研究センター病院（国際感染症センター大曲センター長）とのテレビ会議';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:Agency {name: 'Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-03-24'), topic: 'COVID-19 response: care system, patient handling, testing, prescribing', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-03-24-ncgm-kazakhstan', r.evidence = 'Ayzhan Yesmagambetova (Mrs.): Director of the Department of Public Health Policy';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:ResearchCenter {name: 'National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-03-24'), topic: 'COVID-19 response: care system, patient handling, testing, prescribing', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-03-24-ncgm-kazakhstan', r.evidence = 'Damir Kobzhasarov (Mr.): Director of the National Public Health Centre';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:University {name: 'Asfendiyarov Kazakh National Medical University'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-03-24'), topic: 'COVID-19 response: care system, patient handling, testing, prescribing', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-03-24-ncgm-kazakhstan', r.evidence = 'Vice-Rector on research activity of Asfendiyarov Kazakh National Medical University';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:University {name: 'Astana Medical University'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-03-24'), topic: 'COVID-19 response: care system, patient handling, testing, prescribing', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-03-24-ncgm-kazakhstan', r.evidence = 'Dinagul Bayesheva (Mrs.): Head of the department of children\'s infectious diseases «Astana Medical University»';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:ResearchCenter {name: 'Scientific Practical Center for Sanitary and Epidemiological Expertise and Monitoring'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-03-24'), topic: 'COVID-19 response: care system, patient handling, testing, prescribing', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-03-24-ncgm-kazakhstan', r.evidence = 'Scientific Practical Center for Sanitary and Epidemiological Expertise and Monitoring';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:Embassy {name: 'Embassy of the Republic of Kazakhstan in Japan'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-03-24'), topic: 'COVID-19 response: care system, patient handling, testing, prescribing', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-03-24-ncgm-kazakhstan', r.evidence = 'Yergalym Nursalimuly (Mr.): Minister – Counsellor, Embassy of the Republic of Kazakhstan';


// REQUESTED_SUPPORT_FROM
MATCH (a:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:REQUESTED_SUPPORT_FROM {date: date('2020-03-24'), topic: 'dispatch of medical staff, medical equipment and supplies', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = '医療従事者派遣や医療器材や物資の支援要請の話が挙がった';
MATCH (a:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Ministry {name: 'Ministry of Health, Labour and Welfare'})
MERGE (a)-[r:REQUESTED_SUPPORT_FROM {date: date('2020-03-24'), topic: 'dispatch of medical staff, medical equipment and supplies', source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.status = 'suggested', r.evidence = '先方保健省から厚労省への正規ルートでの依頼を打診した';

// Meetings described in this document: each is an Event that its organisers ORGANIZED and
// its institutions PARTICIPATED_IN; the EXCHANGED_WITH edges above carry its key as `event`.
MERGE (n:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'}) ON CREATE SET n.key = '2020-03-24-ncgm-kazakhstan', n.date = date('2020-03-24'), n.topic = 'COVID-19 countermeasures: care system, patient handling, testing, prescribing', n.mode = 'online', n.format = 'video conference', n.source = ['000_ae4fe6d9fdf8dcb5.txt'], n.evidence = 'カザフスタン国保健省高官（Aktayeva保健副大臣他専門家）と国立国際医療研究センター病院（国際感染症センター大曲センター長）とのテレビ会議による意見交換';

// NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:ORGANIZED {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'テレビ会議による意見交換を、Medical Excellence JAPAN（MEJ）サポートのもと実施しました';
MATCH (a:Hospital {name: 'National Center for Global Health and Medicine Hospital'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = '国立国際医療研究センター病院（国際感染症センター大曲センター長）';
MATCH (a:Ministry {name: 'Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'カザフスタン国保健省高官（Aktayeva保健副大臣他専門家）';
MATCH (a:Agency {name: 'Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Director of the Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan';
MATCH (a:ResearchCenter {name: 'National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Director of the National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan';
MATCH (a:University {name: 'Asfendiyarov Kazakh National Medical University'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Vice-Rector on research activity of Asfendiyarov Kazakh National Medical University';
MATCH (a:University {name: 'Astana Medical University'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Head of the department of children\'s infectious diseases «Astana Medical University»';
MATCH (a:ResearchCenter {name: 'Scientific Practical Center for Sanitary and Epidemiological Expertise and Monitoring'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Scientific Practical Center for Sanitary and Epidemiological Expertise and Monitoring';
MATCH (a:Embassy {name: 'Embassy of the Republic of Kazakhstan in Japan'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'Yergalym Nursalimuly (Mr.): Minister – Counsellor, Embassy of the Republic of Kazakhstan';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Event {name: 'NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['000_ae4fe6d9fdf8dcb5.txt']}]->(b)
ON CREATE SET r.evidence = 'MEJ業務執行理事 北野選也、事務局 課長 小林光（Medical Excellence JAPAN）';
