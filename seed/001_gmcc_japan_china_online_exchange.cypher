// Source: 001_114f3af2ba6b8384.txt (Japanese press release, Alibaba Health).
// On 2020-05-29 the GMCC platform (Jack Ma Foundation, Alibaba Foundation, Alibaba Health) held a
// Japan-China online exchange on COVID-19 clinical experience with MEJ and 日本医療国際化機構.
//
// The document itself, in the source catalogue (see seed/README.md, Provenance).
MERGE (s:Source {key: '001_114f3af2ba6b8384.txt'}) ON CREATE SET s.title = '日中の医療従事者が新型コロナ感染症の臨床経験を共有するオンライン交流会を実施', s.title_en = 'Japanese and Chinese medical professionals share their clinical experience of COVID-19 at an online exchange', s.publisher = 'Alibaba Health', s.published = '2020', s.language = ['ja'], s.kind = 'press release', s.external = ['publisher', 'published'], s.note = 'Gives the day of the exchange (5月29日) but no year and no publisher; it closes with the boilerplate of Alibaba Health and the Jack Ma Foundation. The year is that of the pandemic it describes.';

// Institutions mentioned in this document. Every file repeats the same complete
// ON CREATE SET for a node, so any file loads on its own and the order never matters.
MERGE (n:Foundation {name: 'Jack Ma Foundation'}) ON CREATE SET n.name_ja = 'ジャック・マー公益基金会', n.aliases = ['ジャックマー公益基金会'], n.country = 'CN', n.city = 'Hangzhou', n.founded = date('2014-12'), n.founded_precision = 'month', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:Foundation {name: 'Alibaba Foundation'}) ON CREATE SET n.name_ja = 'アリババ公益基金会', n.aliases = ['アリババ公益基金'], n.country = 'CN', n.city = 'Hangzhou', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:Company {name: 'Alibaba Health'}) ON CREATE SET n.name_ja = 'アリヘルス', n.name_zh = '阿里健康', n.aliases = [], n.aliases_external = ['AliHealth', 'Alibaba Health Information Technology'], n.country = 'CN', n.city = 'Hangzhou', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:Program {name: 'Global MediXchange for Fighting COVID-19'}) ON CREATE SET n.aliases = ['GMCC'], n.country = 'CN', n.city = 'Hangzhou', n.url = 'https://gmcc.alibabadoctor.com/', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:Association {name: 'Medical Excellence JAPAN'}) ON CREATE SET n.aliases = ['MEJ', 'Medical Excellence Japan'], n.country = 'JP', n.city = 'Tokyo', n.founded = date('2013-04'), n.founded_precision = 'month', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '001_114f3af2ba6b8384.txt', '003_0415be46e695177d.txt'];
MERGE (n:Association {name: 'Japan Medical Internationalization Organization'}) ON CREATE SET n.name_ja = '日本医療国際化機構', n.aliases = ['一般社団法人日本医療国際化機構'], n.country = 'JP', n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:PoliticalParty {name: 'Liberal Democratic Party'}) ON CREATE SET n.name_ja = '自由民主党', n.aliases = [], n.aliases_external = ['LDP', 'Liberal Democratic Party of Japan'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:Company {name: 'Alibaba Group'}) ON CREATE SET n.name_ja = 'アリババグループ', n.aliases = [], n.country = 'CN', n.city = 'Hangzhou', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:University {name: 'University of Tsukuba'}) ON CREATE SET n.name_ja = '筑波大学', n.aliases = ['筑波大学医学医療系'], n.country = 'JP', n.region = 'Ibaraki', n.city = 'Tsukuba', n.external = ['city', 'region'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:Program {name: 'ECMOnet'}) ON CREATE SET n.aliases = [], n.aliases_external = ['Japan ECMOnet for COVID-19'], n.country = 'JP', n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:Hospital {name: 'Juntendo University Urayasu Hospital'}) ON CREATE SET n.name_ja = '順天堂大学医学部附属順天堂浦安病院', n.aliases = ['順天堂浦安病院'], n.country = 'JP', n.region = 'Chiba', n.city = 'Urayasu', n.external = ['city', 'region'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:University {name: 'Juntendo University'}) ON CREATE SET n.name_ja = '順天堂大学', n.name_zh = '顺天堂大学', n.aliases = [], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt', '004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'First Affiliated Hospital, Zhejiang University School of Medicine'}) ON CREATE SET n.name_ja = '浙江大学医学院附属第一病院', n.aliases = [], n.country = 'CN', n.region = 'Zhejiang', n.city = 'Hangzhou', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];
MERGE (n:University {name: 'Zhejiang University'}) ON CREATE SET n.name_ja = '浙江大学', n.aliases = [], n.country = 'CN', n.region = 'Zhejiang', n.city = 'Hangzhou', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt'];

// Relationships stated in this document.

// ORGANIZED
MATCH (a:Foundation {name: 'Jack Ma Foundation'}), (b:Program {name: 'Global MediXchange for Fighting COVID-19'})
MERGE (a)-[r:ORGANIZED {topic: 'initiated the GMCC platform', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = 'ジャックマー公益基金会とアリババ公益基金会が発案し';
MATCH (a:Foundation {name: 'Alibaba Foundation'}), (b:Program {name: 'Global MediXchange for Fighting COVID-19'})
MERGE (a)-[r:ORGANIZED {topic: 'initiated the GMCC platform', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = 'ジャックマー公益基金会とアリババ公益基金会が発案し';

// SUPPORTED
MATCH (a:Company {name: 'Alibaba Health'}), (b:Program {name: 'Global MediXchange for Fighting COVID-19'})
MERGE (a)-[r:SUPPORTED {topic: 'cooperation in setting up the GMCC platform', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = 'アリヘルス(阿里健康)の協力の元で設立されたGMCC';

// PART_OF
MATCH (a:Company {name: 'Alibaba Health'}), (b:Company {name: 'Alibaba Group'})
MERGE (a)-[r:PART_OF {source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = 'アリヘルスは、アリババグループの「DoubleH」戦略(Health and Happiness)をリードするヘルスケア・プラットフォーム';
MATCH (a:Hospital {name: 'Juntendo University Urayasu Hospital'}), (b:University {name: 'Juntendo University'})
MERGE (a)-[r:PART_OF {source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '順天堂大学医学部附属順天堂浦安病院';
MATCH (a:Hospital {name: 'First Affiliated Hospital, Zhejiang University School of Medicine'}), (b:University {name: 'Zhejiang University'})
MERGE (a)-[r:PART_OF {source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '浙江大学医学院附属第一病院';

// PARTNERED_WITH
MATCH (a:Program {name: 'Global MediXchange for Fighting COVID-19'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2020-05-29'), topic: 'co-organised Japan-China online exchange on COVID-19 clinical experience', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '一般社団法人 Medical Excellence JAPAN(MEJ)、一般社団法人日本医療国際化機構と共同で';
MATCH (a:Program {name: 'Global MediXchange for Fighting COVID-19'}), (b:Association {name: 'Japan Medical Internationalization Organization'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2020-05-29'), topic: 'co-organised Japan-China online exchange on COVID-19 clinical experience', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '一般社団法人 Medical Excellence JAPAN(MEJ)、一般社団法人日本医療国際化機構と共同で';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Association {name: 'Japan Medical Internationalization Organization'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2020-05-29'), topic: 'co-organised Japan-China online exchange on COVID-19 clinical experience', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '一般社団法人 Medical Excellence JAPAN(MEJ)、一般社団法人日本医療国際化機構と共同で';


// EXCHANGED_WITH
MATCH (a:University {name: 'University of Tsukuba'}), (b:Hospital {name: 'First Affiliated Hospital, Zhejiang University School of Medicine'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-05-29'), topic: 'Japan-China sharing of COVID-19 clinical experience (severe cases)', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-05-29-gmcc-japan-china', r.evidence = '新型コロナウイルス感染症(COVID-19)に関する臨床経験を共有する日中医療従事者向けオンライン交流会';
MATCH (a:Hospital {name: 'Juntendo University Urayasu Hospital'}), (b:Hospital {name: 'First Affiliated Hospital, Zhejiang University School of Medicine'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-05-29'), topic: 'Japan-China sharing of COVID-19 clinical experience (severe cases)', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-05-29-gmcc-japan-china', r.evidence = '新型コロナウイルス感染症(COVID-19)に関する臨床経験を共有する日中医療従事者向けオンライン交流会';

// Meetings described in this document: each is an Event that its organisers ORGANIZED and
// its institutions PARTICIPATED_IN; the EXCHANGED_WITH edges above carry its key as `event`.
MERGE (n:Event {name: 'GMCC Japan-China online exchange, 2020-05-29'}) ON CREATE SET n.key = '2020-05-29-gmcc-japan-china', n.date = date('2020-05-29'), n.topic = 'Japan-China sharing of COVID-19 clinical experience (severe cases)', n.mode = 'online', n.format = 'online exchange', n.url = 'https://gmcc.alibabadoctor.com/', n.source = ['001_114f3af2ba6b8384.txt'], n.evidence = 'GMCC(Global MediXchange for Fighting COVID-19)は5月29日、一般社団法人 Medical Excellence JAPAN(MEJ)、一般社団法人日本医療国際化機構と共同で';

// GMCC Japan-China online exchange, 2020-05-29
MATCH (a:Program {name: 'Global MediXchange for Fighting COVID-19'}), (b:Event {name: 'GMCC Japan-China online exchange, 2020-05-29'})
MERGE (a)-[r:ORGANIZED {source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '「GMCC」が呼び掛け';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Event {name: 'GMCC Japan-China online exchange, 2020-05-29'})
MERGE (a)-[r:ORGANIZED {source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '一般社団法人 Medical Excellence JAPAN(MEJ)、一般社団法人日本医療国際化機構と共同で';
MATCH (a:Association {name: 'Japan Medical Internationalization Organization'}), (b:Event {name: 'GMCC Japan-China online exchange, 2020-05-29'})
MERGE (a)-[r:ORGANIZED {source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '一般社団法人 Medical Excellence JAPAN(MEJ)、一般社団法人日本医療国際化機構と共同で';
MATCH (a:University {name: 'University of Tsukuba'}), (b:Event {name: 'GMCC Japan-China online exchange, 2020-05-29'})
MERGE (a)-[r:PARTICIPATED_IN {topic: 'COVID-19 measures in ICU and ER / ECMO management based on ECMOnet data', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '筑波大学医学医療系 救急・集中治療医学教授の井上貴昭先生からご共有いただきました';
MATCH (a:Hospital {name: 'Juntendo University Urayasu Hospital'}), (b:Event {name: 'GMCC Japan-China online exchange, 2020-05-29'})
MERGE (a)-[r:PARTICIPATED_IN {topic: 'ECMO use in severe COVID-19 cases', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '順天堂大学医学部附属順天堂浦安病院救急診療科の熊川靖章先生からご紹介いただきました';
MATCH (a:Hospital {name: 'First Affiliated Hospital, Zhejiang University School of Medicine'}), (b:Event {name: 'GMCC Japan-China online exchange, 2020-05-29'})
MERGE (a)-[r:PARTICIPATED_IN {topic: 'preventing nosocomial COVID-19 infection / severe-case treatment / training support for community facilities', source: ['001_114f3af2ba6b8384.txt']}]->(b)
ON CREATE SET r.evidence = '浙江大学医学院附属第一病院の理事長である梁廷波教授からは';
