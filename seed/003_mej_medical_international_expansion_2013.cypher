// Source: 003_0415be46e695177d.txt (Japanese policy paper, 2013).
// MEJ as the hub of the international expansion of Japanese medicine: its projects abroad, the task
// force, and the draft agreement setting the roles of the Cabinet Office and each ministry.
//
// The document itself, in the source catalogue (see seed/README.md, Provenance).
MERGE (s:Source {key: '003_0415be46e695177d.txt'}) ON CREATE SET s.title = '今後の医療の国際展開に関する合意(案)', s.title_en = 'Agreement on the future international expansion of medicine (draft)', s.publisher = 'Office of Healthcare Policy, Cabinet Secretariat', s.published = '2013', s.language = ['ja'], s.kind = 'government paper', s.external = ['publisher'], s.note = 'A progress report on MEJ and the international expansion of Japanese medicine, then a draft agreement (合意(案)) setting out the roles of the Cabinet Secretariat, each ministry and MEJ. Dated 2013 by its content (平成25年, 今秋); the secretariat named as its office is taken as publisher.';

// Institutions mentioned in this document. Every file repeats the same complete
// ON CREATE SET for a node, so any file loads on its own and the order never matters.
MERGE (n:Association {name: 'Medical Excellence JAPAN'}) ON CREATE SET n.aliases = ['MEJ', 'Medical Excellence Japan'], n.country = 'JP', n.city = 'Tokyo', n.founded = date('2013-04'), n.founded_precision = 'month', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '001_114f3af2ba6b8384.txt', '003_0415be46e695177d.txt'];
MERGE (n:Hospital {name: 'Hokuto Imaging Diagnostic Center'}) ON CREATE SET n.name_ja = '北斗画像診断センター', n.aliases = [], n.country = 'RU', n.city = 'Vladivostok', n.status = 'started', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Hospital {name: 'Japan-Russia Advanced Medical Center (tentative name)'}) ON CREATE SET n.name_ja = '日ロ先端医療センター(仮称)', n.aliases = ['日ロ先端医療センター'], n.country = 'RU', n.city = 'Moscow', n.status = 'in formation', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:ResearchCenter {name: 'Japan-UAE Advanced Medical Research Center (tentative name)'}) ON CREATE SET n.name_ja = '日本UAE先端医療研究センター(仮称)', n.aliases = ['日本UAE先端医療研究センター'], n.country = 'AE', n.status = 'in formation', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:ResearchCenter {name: 'Japan-Qatar Regenerative Medicine and Cell Sheet Center'}) ON CREATE SET n.name_ja = '日本・カタール再生医療・細胞シートセンター', n.aliases = [], n.country = 'QA', n.status = 'under consideration', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Hospital {name: 'Cambodia Emergency and Critical Care Center and Graduate School'}) ON CREATE SET n.name_ja = 'カンボジア救命救急センター・大学院', n.aliases = [], n.country = 'KH', n.status = 'under consideration', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Council {name: 'Headquarters for Healthcare Policy'}) ON CREATE SET n.name_ja = '健康・医療戦略推進本部', n.aliases = [], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Council {name: 'Medical International Expansion Task Force'}) ON CREATE SET n.name_ja = '医療国際展開TF', n.aliases = ['タスクフォース'], n.aliases_external = ['Task Force'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Government {name: 'Government of Japan'}) ON CREATE SET n.name_ja = '日本政府', n.aliases = ['Japanese government', '政府'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt', '003_0415be46e695177d.txt'];
MERGE (n:Program {name: 'Healthcare and Medical Strategy Fund (tentative name)'}) ON CREATE SET n.name_ja = '健康・医療戦略ファンド(仮称)', n.aliases = ['健康・医療戦略ファンド'], n.country = 'JP', n.status = 'proposed', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Agency {name: 'Office of Healthcare Policy, Cabinet Secretariat'}) ON CREATE SET n.name_ja = '内閣官房健康・医療戦略室', n.aliases = ['内閣官房', '健康・医療戦略室'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Council {name: 'Ministerial Meeting on Strategy relating Infrastructure Export and Economic Cooperation'}) ON CREATE SET n.name_ja = '経協インフラ戦略会議', n.aliases = ['経協インフラ戦略会議事務局'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Ministry {name: 'Ministry of Health, Labour and Welfare'}) ON CREATE SET n.name_ja = '厚生労働省', n.aliases = ['厚労省'], n.aliases_external = ['MHLW'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['000_ae4fe6d9fdf8dcb5.txt', '003_0415be46e695177d.txt'];
MERGE (n:Ministry {name: 'Ministry of Foreign Affairs of Japan'}) ON CREATE SET n.name_ja = '外務省', n.aliases = [], n.aliases_external = ['MOFA'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Agency {name: 'Japan International Cooperation Agency'}) ON CREATE SET n.name_ja = '国際協力機構', n.aliases = ['JICA'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['002_bf046e2dbe4ea04c.txt', '003_0415be46e695177d.txt'];
MERGE (n:Ministry {name: 'Ministry of Internal Affairs and Communications'}) ON CREATE SET n.name_ja = '総務省', n.aliases = [], n.aliases_external = ['MIC'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Ministry {name: 'Ministry of Education, Culture, Sports, Science and Technology'}) ON CREATE SET n.name_ja = '文部科学省', n.aliases = [], n.aliases_external = ['MEXT'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:ResearchCenter {name: 'National Institute of Radiological Sciences'}) ON CREATE SET n.name_ja = '放射線医学総合研究所', n.aliases = [], n.aliases_external = ['NIRS'], n.country = 'JP', n.city = 'Chiba', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:ResearchCenter {name: 'National Centers for Advanced and Specialized Medical Care'}) ON CREATE SET n.name_ja = '国立高度専門医療研究センター', n.aliases = [], n.aliases_external = ['National Centers'], n.country = 'JP', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Program {name: 'Japan Medical Service Accreditation for International Patients'}) ON CREATE SET n.name_ja = '外国人患者受入れ医療機関認証制度', n.aliases = ['JMIP'], n.country = 'JP', n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Ministry {name: 'Ministry of Economy, Trade and Industry'}) ON CREATE SET n.name_ja = '経済産業省', n.aliases = [], n.aliases_external = ['METI'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Agency {name: 'Japan External Trade Organization'}) ON CREATE SET n.name_ja = '日本貿易振興機構', n.aliases = [], n.aliases_external = ['JETRO'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];
MERGE (n:Council {name: 'Healthcare Policy Promotion Council'}) ON CREATE SET n.name_ja = '健康・医療戦略推進会議', n.aliases = [], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['003_0415be46e695177d.txt'];

// Relationships stated in this document.

// PART_OF
MATCH (a:Ministry {name: 'Ministry of Health, Labour and Welfare'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '関係府省庁及びMEJが担う基本的役割';
MATCH (a:Ministry {name: 'Ministry of Foreign Affairs of Japan'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '関係府省庁及びMEJが担う基本的役割';
MATCH (a:Ministry {name: 'Ministry of Internal Affairs and Communications'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '関係府省庁及びMEJが担う基本的役割';
MATCH (a:Ministry {name: 'Ministry of Education, Culture, Sports, Science and Technology'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '関係府省庁及びMEJが担う基本的役割';
MATCH (a:Ministry {name: 'Ministry of Economy, Trade and Industry'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '関係府省庁及びMEJが担う基本的役割';
MATCH (a:Agency {name: 'Office of Healthcare Policy, Cabinet Secretariat'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '政府の窓口として';
MATCH (a:Council {name: 'Healthcare Policy Promotion Council'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '政府機関とMEJとの間の連絡調整は、「健康・医療戦略推進会議」';
MATCH (a:Council {name: 'Medical International Expansion Task Force'}), (b:Council {name: 'Headquarters for Healthcare Policy'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '健康・医療戦略推進本部の下に、タスクフォースを設置';
MATCH (a:Council {name: 'Medical International Expansion Task Force'}), (b:Council {name: 'Healthcare Policy Promotion Council'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '「健康・医療戦略推進会議」及びその下に設置している「医療国際展開TF」';
MATCH (a:Agency {name: 'Japan International Cooperation Agency'}), (b:Ministry {name: 'Ministry of Foreign Affairs of Japan'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '【外務省、(国際協力機構等)】';
MATCH (a:ResearchCenter {name: 'National Institute of Radiological Sciences'}), (b:Ministry {name: 'Ministry of Education, Culture, Sports, Science and Technology'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '【文部科学省、(放射線医学総合研究所等)】';
MATCH (a:ResearchCenter {name: 'National Centers for Advanced and Specialized Medical Care'}), (b:Ministry {name: 'Ministry of Health, Labour and Welfare'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '【厚生労働省、(国立高度専門医療研究センター等)】';
MATCH (a:Agency {name: 'Japan External Trade Organization'}), (b:Ministry {name: 'Ministry of Economy, Trade and Industry'})
MERGE (a)-[r:PART_OF {source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '【経済産業省、(日本貿易振興機構等)】';

// SUPPORTED
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Hospital {name: 'Hokuto Imaging Diagnostic Center'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'construction and operation support for a Japanese-style medical centre', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'inferred', r.evidence = '北斗画像診断センター(ウラジオストク)';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Hospital {name: 'Japan-Russia Advanced Medical Center (tentative name)'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'construction and operation support for a Japanese-style medical centre', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'inferred', r.evidence = '日ロ先端医療センター(仮称)(モスクワ)';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:ResearchCenter {name: 'Japan-UAE Advanced Medical Research Center (tentative name)'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'construction and operation support for a Japanese-style medical centre', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'inferred', r.evidence = '日本UAE先端医療研究センター(仮称)';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:ResearchCenter {name: 'Japan-Qatar Regenerative Medicine and Cell Sheet Center'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'construction and operation support for a Japanese-style medical centre', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'inferred', r.evidence = '日本・カタール再生医療・細胞シートセンター';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Hospital {name: 'Cambodia Emergency and Critical Care Center and Graduate School'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'construction and operation support for a Japanese-style medical centre', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'inferred', r.evidence = 'カンボジア救命救急センター・大学院';
MATCH (a:Council {name: 'Medical International Expansion Task Force'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'making MEJ the core organisation of the international expansion of Japanese medicine', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'planned', r.evidence = 'MEJを国際展開の中核組織として機能させるために';

// PARTNERED_WITH
MATCH (a:Government {name: 'Government of Japan'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'joint PDCA of measures for the international expansion of Japanese medicine', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '政府とMEJの二人三脚で、施策のPDCAを開始';

// SUPPORTED
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Government {name: 'Government of Japan'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'adoption of Japanese-style medical and insurance systems and technical standards in emerging countries', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '政府がMEJの協力を受けて担うテーマ';
MATCH (a:Government {name: 'Government of Japan'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'building and operating Japanese-style medical centres / human resource development', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = 'MEJが政府の支援を受けて行うテーマ';

// ORGANIZED
MATCH (a:Government {name: 'Government of Japan'}), (b:Program {name: 'Healthcare and Medical Strategy Fund (tentative name)'})
MERGE (a)-[r:ORGANIZED {date: date('2013'), date_precision: 'year', topic: 'creation of a healthcare strategy fund', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'proposed', r.evidence = '健康・医療戦略ファンド(仮称)の創設';

// PARTNERED_WITH
MATCH (a:Council {name: 'Medical International Expansion Task Force'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'information sharing, feasibility studies and coordination of government involvement', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = 'タスクフォースにおいて、MEJとの連携のもと';

// ORGANIZED
MATCH (a:Agency {name: 'Office of Healthcare Policy, Cabinet Secretariat'}), (b:Council {name: 'Medical International Expansion Task Force'})
MERGE (a)-[r:ORGANIZED {date: date('2013'), date_precision: 'year', topic: 'coordinator of the task force / PDCA reports to the Prime Minister and Chief Cabinet Secretary', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '内閣官房健康・医療戦略室(以下「内閣官房」)が幹事となり';

// PARTNERED_WITH
MATCH (a:Council {name: 'Medical International Expansion Task Force'}), (b:Council {name: 'Ministerial Meeting on Strategy relating Infrastructure Export and Economic Cooperation'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'infrastructure development', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '経協インフラ戦略会議事務局と連携しながら検討を行う';
MATCH (a:Ministry {name: 'Ministry of Health, Labour and Welfare'}), (b:Ministry {name: 'Ministry of Foreign Affairs of Japan'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'support for building health insurance systems and health workforce in partner countries', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '関係府省(厚生労働省及び外務省等)において相手国のニーズに応じた制度構築支援についての検討等を行う';
MATCH (a:Agency {name: 'Office of Healthcare Policy, Cabinet Secretariat'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'government contact point / central information and portfolio of the international expansion', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '政府の窓口として、MEJと有機的な連携を図り';

// SUPPORTED
MATCH (a:Agency {name: 'Office of Healthcare Policy, Cabinet Secretariat'}), (b:Ministry {name: 'Ministry of Foreign Affairs of Japan'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'information for assessing health needs through diplomatic missions', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '内閣官房の提供する情報をもとに在外公館において関係政府機関と協力';

// PARTNERED_WITH
MATCH (a:Ministry {name: 'Ministry of Internal Affairs and Communications'}), (b:Agency {name: 'Japan International Cooperation Agency'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'coordination with JICA projects', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '予定される関係案件を整理するとともに、JICA等が実施する事業との有機的な連携を行う';
MATCH (a:Ministry {name: 'Ministry of Foreign Affairs of Japan'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'coordinating ODA projects (JICA) with projects of ministries and MEJ', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '各府省等及びMEJが関わる事業等との有機的な連携を行う';
MATCH (a:Ministry {name: 'Ministry of Education, Culture, Sports, Science and Technology'}), (b:Agency {name: 'Japan International Cooperation Agency'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'coordination with JICA projects', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '(協力協定、専門家の派遣等)を整理するとともに、JICA等が実施する事業との有機的な連携を行う';
MATCH (a:Ministry {name: 'Ministry of Education, Culture, Sports, Science and Technology'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'network following up foreign medical professionals educated in Japan / human resource development', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = 'MEJと連携し、日本の教育機関で医学関係の教育を受け、帰国した相手国の医療関係者をフォローするネットワークを構築';

// SUPPORTED
MATCH (a:Ministry {name: 'Ministry of Health, Labour and Welfare'}), (b:Program {name: 'Japan Medical Service Accreditation for International Patients'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'promotion of the JMIP accreditation', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '外国人患者受入れ医療機関認証制度(JMIP)を推進する';

// PARTNERED_WITH
MATCH (a:Ministry {name: 'Ministry of Economy, Trade and Industry'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'inbound: environment for accepting foreign patients and promotion', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = 'MEJと連携し、海外患者受入れ医療環境の整備、広報活動を推進する';
MATCH (a:Ministry {name: 'Ministry of Economy, Trade and Industry'}), (b:Agency {name: 'Office of Healthcare Policy, Cabinet Secretariat'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'concrete support for outbound projects', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '内閣官房等とも連携し、個々の実情に応じた具体的支援を行い';
MATCH (a:Ministry {name: 'Ministry of Economy, Trade and Industry'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'coordination with projects of MEJ and JICA', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = 'MEJやJICA等が実施する事業との有機的な連携を行う';
MATCH (a:Ministry {name: 'Ministry of Economy, Trade and Industry'}), (b:Agency {name: 'Japan International Cooperation Agency'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'coordination with projects of MEJ and JICA', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = 'MEJやJICA等が実施する事業との有機的な連携を行う';

// SUPPORTED
MATCH (a:Ministry {name: 'Ministry of Economy, Trade and Industry'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'flexible use of MEJ trademarks for promotion', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = 'MEJに係る商標(マーク等)をMEJが柔軟に利用できるようにする';
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Agency {name: 'Office of Healthcare Policy, Cabinet Secretariat'})
MERGE (a)-[r:SUPPORTED {date: date('2013'), date_precision: 'year', topic: 'hub for private-sector projects / information for the overall picture', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '内閣官房が医療の国際展開に係る全体像を把握するために必要な協力を行う';

// PARTNERED_WITH
MATCH (a:Association {name: 'Medical Excellence JAPAN'}), (b:Ministry {name: 'Ministry of Foreign Affairs of Japan'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'contact point for the international expansion of Japanese medicine', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.status = 'draft', r.evidence = '外務省と協調して日本の医療の国際展開の窓口としての機能を確立';
MATCH (a:Council {name: 'Healthcare Policy Promotion Council'}), (b:Association {name: 'Medical Excellence JAPAN'})
MERGE (a)-[r:PARTNERED_WITH {date: date('2013'), date_precision: 'year', topic: 'liaison between government agencies and MEJ', source: ['003_0415be46e695177d.txt']}]->(b)
ON CREATE SET r.evidence = '政府機関とMEJとの間の連絡調整は、「健康・医療戦略推進会議」';
