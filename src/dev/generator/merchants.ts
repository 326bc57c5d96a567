/**
 * The merchants and billers lines are written about, as data. Within each country they are
 * listed most popular first: pools keep this order and it is the Zipf rank. `twin` marks the
 * deliberate near-duplicates (SHELL OIL vs SHELLY'S DELI) that embeddings confuse.
 */
import type { Party } from './party.ts';

type Entry = Omit<Party, 'kind'>;
const merchant = (entry: Entry): Party => ({ ...entry, kind: 'merchant' });
const biller = (entry: Entry): Party => ({ ...entry, kind: 'biller' });

// biome-ignore format: data laid out by hand as a table, to read down
const GLOBAL: Party[] = [
  merchant({ id: 'netflix', name: 'Netflix', category: 'ENTERTAINMENT', country: 'GLOBAL', forms: ['NETFLIX.COM'], where: '866-579-7172 CA', spend: [7, 23], prices: [6.99, 15.49, 22.99] }),
  merchant({ id: 'spotify', name: 'Spotify', category: 'ENTERTAINMENT', country: 'GLOBAL', forms: ['SPOTIFY', 'SPOTIFY P{order}'], where: 'STOCKHOLM SE', spend: [10, 17], prices: [11.99, 16.99] }),
  merchant({ id: 'uber', name: 'Uber', category: 'TRANSPORT', country: 'GLOBAL', forms: ['UBER *TRIP', 'UBER TRIP'], where: 'HELP.UBER.COM', spend: [7, 60], twin: 'uber' }),
  merchant({ id: 'uber-eats', name: 'Uber Eats', category: 'DINING', country: 'GLOBAL', forms: ['UBER *EATS', 'UBER EATS'], where: 'HELP.UBER.COM', spend: [12, 70], twin: 'uber' }),
  merchant({ id: 'apple', name: 'Apple', category: 'SOFTWARE', country: 'GLOBAL', forms: ['APPLE.COM/BILL'], where: '866-712-7753', spend: [1, 15], prices: [0.99, 2.99, 9.99, 14.99], twin: 'apple' }),
  merchant({ id: 'aws', name: 'Amazon Web Services', category: 'SOFTWARE', country: 'GLOBAL', forms: ['AMAZON WEB SERVICES', 'AWS EMEA'], where: 'AWS.AMAZON.CO', spend: [20, 2500], twin: 'amazon' }),
  merchant({ id: 'youtube', name: 'YouTube', category: 'ENTERTAINMENT', country: 'GLOBAL', forms: ['GOOGLE *YOUTUBEPREMIUM', 'GOOGLE *YOUTUBE TV'], where: 'G.CO/HELPPAY#', spend: [12, 80], prices: [13.99, 22.99], twin: 'google' }),
  merchant({ id: 'google-workspace', name: 'Google Workspace', category: 'SOFTWARE', country: 'GLOBAL', forms: ['GOOGLE *GSUITE', 'GOOGLE *WORKSPACE'], where: 'CC@GOOGLE.COM', spend: [6, 400], twin: 'google' }),
  merchant({ id: 'microsoft', name: 'Microsoft', category: 'SOFTWARE', country: 'GLOBAL', forms: ['MICROSOFT*365', 'MSFT *{order}'], where: 'MSBILL.INFO', spend: [6, 130], prices: [6.99, 9.99, 12.5, 99.99] }),
  merchant({ id: 'github', name: 'GitHub', category: 'SOFTWARE', country: 'GLOBAL', forms: ['GITHUB, INC.'], where: 'HTTPSGITHUB.C', spend: [4, 400], prices: [4, 10, 21, 44] }),
  merchant({ id: 'openai', name: 'OpenAI', category: 'SOFTWARE', country: 'GLOBAL', forms: ['OPENAI *CHATGPT SUBSCR', 'OPENAI'], where: 'OPENAI.COM', spend: [5, 200], prices: [20, 25, 200] }),
  merchant({ id: 'adobe', name: 'Adobe', category: 'SOFTWARE', country: 'GLOBAL', forms: ['ADOBE *CREATIVE CLOUD', 'ADOBE *ACROPRO SUBS'], where: '800-833-6687', spend: [10, 90], prices: [22.99, 59.99] }),
  merchant({ id: 'zoom', name: 'Zoom', category: 'SOFTWARE', country: 'GLOBAL', forms: ['ZOOM.US 888-799-9666'], where: 'SAN JOSE', spend: [13, 22], prices: [13.33, 15.99, 21.99] }),
  merchant({ id: 'disney-plus', name: 'Disney+', category: 'ENTERTAINMENT', country: 'GLOBAL', forms: ['DISNEY PLUS', 'DISNEYPLUS'], where: 'BURBANK', spend: [8, 16], prices: [7.99, 13.99] }),
  merchant({ id: 'airbnb', name: 'Airbnb', category: 'TRAVEL', country: 'GLOBAL', forms: ['AIRBNB * HM{order}'], where: 'AIRBNB.COM', spend: [80, 1800] }),
  merchant({ id: 'booking', name: 'Booking.com', category: 'TRAVEL', country: 'GLOBAL', forms: ['BOOKING.COM HOTEL', 'BKG*HOTEL AT BOOKING.C'], where: 'AMSTERDAM', spend: [60, 900] }),
  merchant({ id: 'steam', name: 'Steam', category: 'ENTERTAINMENT', country: 'GLOBAL', forms: ['PAYPAL *STEAM GAMES', 'STEAMGAMES.COM {store}'], where: '425-889-9642', spend: [5, 70] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const US: Party[] = [
  merchant({ id: 'amazon-us', name: 'Amazon', category: 'SHOPPING', country: 'US', forms: ['AMZN Mktp US*{order}', 'AMAZON MKTPLACE', 'AMAZON MKTPL*{order}', 'AMAZON.COM*{order}'], where: 'AMZN.COM/BILL WA', spend: [6, 300], twin: 'amazon' }),
  merchant({ id: 'starbucks', name: 'Starbucks', category: 'DINING', country: 'US', forms: ['STARBUCKS STORE {store}', 'STARBUCKS {store}'], where: 'SEATTLE WA', spend: [3, 18] }),
  merchant({ id: 'shell', name: 'Shell', category: 'FUEL', country: 'US', forms: ['SHELL OIL {store}', 'SHELL SERVICE STATION'], where: 'HOUSTON TX', spend: [20, 95], twin: 'shell' }),
  merchant({ id: 'walmart', name: 'Walmart', category: 'GROCERIES', country: 'US', forms: ['WM SUPERCENTER #{store}', 'WAL-MART #{store}'], where: 'BENTONVILLE AR', spend: [8, 250] }),
  merchant({ id: 'target', name: 'Target', category: 'SHOPPING', country: 'US', forms: ['TARGET {store}', 'TARGET.COM *'], where: 'MINNEAPOLIS MN', spend: [5, 200] }),
  merchant({ id: 'costco', name: 'Costco', category: 'GROCERIES', country: 'US', forms: ['COSTCO WHSE #{store}'], where: 'ISSAQUAH WA', spend: [40, 450], twin: 'costco' }),
  merchant({ id: 'costco-gas', name: 'Costco', category: 'FUEL', country: 'US', forms: ['COSTCO GAS #{store}'], where: 'ISSAQUAH WA', spend: [25, 90], twin: 'costco' }),
  merchant({ id: 'blue-bottle', name: 'Blue Bottle Coffee', category: 'DINING', country: 'US', forms: ['SQ *{NAME}'], where: 'OAKLAND CA', spend: [4, 16] }),
  merchant({ id: 'whole-foods', name: 'Whole Foods Market', category: 'GROCERIES', country: 'US', forms: ['WHOLEFDS MKT {store}', 'WHOLE FOODS MARKET'], where: 'AUSTIN TX', spend: [10, 180] }),
  merchant({ id: 'chevron', name: 'Chevron', category: 'FUEL', country: 'US', forms: ['CHEVRON {store}'], where: 'SAN RAMON CA', spend: [20, 90] }),
  merchant({ id: 'mcdonalds', name: "McDonald's", category: 'DINING', country: 'US', forms: ["MCDONALD'S F{store}"], where: 'CHICAGO IL', spend: [4, 25] }),
  merchant({ id: 'ebay', name: 'eBay', category: 'SHOPPING', country: 'US', forms: ['PAYPAL *EBAY', 'EBAY O*{order}'], where: '402-935-7733 CA', spend: [8, 400] }),
  merchant({ id: 'trader-joes', name: "Trader Joe's", category: 'GROCERIES', country: 'US', forms: ['TRADER JOE S #{store}'], where: 'PASADENA CA', spend: [10, 140] }),
  merchant({ id: 'chipotle', name: 'Chipotle', category: 'DINING', country: 'US', forms: ['CHIPOTLE {store}', 'CHIPOTLE ONLINE'], where: 'DENVER CO', spend: [9, 40] }),
  merchant({ id: 'joes-pizza', name: "Joe's Pizza", category: 'DINING', country: 'US', forms: ['TST* {NAME}'], where: 'NEW YORK NY', spend: [4, 45] }),
  merchant({ id: 'cvs', name: 'CVS Pharmacy', category: 'HEALTH', country: 'US', forms: ['CVS/PHARMACY #{store}'], where: 'WOONSOCKET RI', spend: [4, 90] }),
  merchant({ id: 'lyft', name: 'Lyft', category: 'TRANSPORT', country: 'US', forms: ['LYFT *RIDE', 'LYFT *BIKE'], where: 'LYFT.COM CA', spend: [6, 55] }),
  merchant({ id: 'exxon', name: 'ExxonMobil', category: 'FUEL', country: 'US', forms: ['EXXONMOBIL {store}'], where: 'DALLAS TX', spend: [20, 90] }),
  merchant({ id: 'home-depot', name: 'The Home Depot', category: 'SHOPPING', country: 'US', forms: ['THE HOME DEPOT #{store}'], where: 'ATLANTA GA', spend: [8, 600] }),
  merchant({ id: 'ritual-coffee', name: 'Ritual Coffee Roasters', category: 'DINING', country: 'US', forms: ['SQ *{NAME}'], where: 'SAN FRANCISCO CA', spend: [4, 14] }),
  merchant({ id: 'walgreens', name: 'Walgreens', category: 'HEALTH', country: 'US', forms: ['WALGREENS #{store}'], where: 'DEERFIELD IL', spend: [4, 80] }),
  merchant({ id: 'apple-store', name: 'Apple Store', category: 'SHOPPING', country: 'US', forms: ['APPLE STORE #R{store}'], where: 'NEW YORK NY', spend: [29, 2400], twin: 'apple' }),
  merchant({ id: 'delta', name: 'Delta Air Lines', category: 'TRAVEL', country: 'US', forms: ['DELTA AIR LINES', 'DELTA AIR 006{order}'], where: 'ATLANTA GA', spend: [90, 1400], twin: 'delta' }),
  merchant({ id: 'delta-dental', name: 'Delta Dental', category: 'INSURANCE', country: 'US', forms: ['DELTA DENTAL INS'], where: '800-765-6003 CA', spend: [25, 90], twin: 'delta' }),
  merchant({ id: 'levain', name: 'Levain Bakery', category: 'DINING', country: 'US', forms: ['TST* {NAME}'], where: 'NEW YORK NY', spend: [5, 40] }),
  merchant({ id: 'etsy', name: 'Etsy', category: 'SHOPPING', country: 'US', forms: ['PAYPAL *ETSY', 'ETSY.COM - {order}'], where: 'BROOKLYN NY', spend: [8, 160] }),
  merchant({ id: 'shellys-deli', name: "Shelly's Deli", category: 'DINING', country: 'US', forms: ["SHELLY'S DELI", 'SQ *SHELLYS DELI'], where: 'AUSTIN TX', spend: [7, 35], twin: 'shell' }),
  merchant({ id: 'tartine', name: 'Tartine Bakery', category: 'DINING', country: 'US', forms: ['SQ *{NAME}'], where: 'SAN FRANCISCO CA', spend: [5, 45] }),
  merchant({ id: 'best-buy', name: 'Best Buy', category: 'SHOPPING', country: 'US', forms: ['BEST BUY {store}', 'BESTBUYCOM{order}'], where: 'RICHFIELD MN', spend: [15, 1500] }),
  merchant({ id: 'mta', name: 'MTA', category: 'TRANSPORT', country: 'US', forms: ['MTA*NYCT PAYGO', 'MTA*METROCARD'], where: 'NEW YORK NY', spend: [2.9, 34], prices: [2.9, 5.8, 34] }),
  merchant({ id: 'united', name: 'United Airlines', category: 'TRAVEL', country: 'US', forms: ['UNITED {order}', 'UNITED AIRLINES'], where: 'HOUSTON TX', spend: [80, 1300] }),
  merchant({ id: 'marriott', name: 'Marriott', category: 'TRAVEL', country: 'US', forms: ['MARRIOTT {store}', 'COURTYARD BY MARRIOTT'], where: 'BETHESDA MD', spend: [120, 900] }),
  merchant({ id: 'amc', name: 'AMC Theatres', category: 'ENTERTAINMENT', country: 'US', forms: ['AMC {store} ONLINE', 'AMC THEATRES'], where: 'LEAWOOD KS', spend: [12, 70] }),
  merchant({ id: 'planet-fitness', name: 'Planet Fitness', category: 'HEALTH', country: 'US', forms: ['PLANET FITNESS', 'PF CLUB FEES'], where: 'HAMPTON NH', spend: [10, 50], prices: [10, 24.99, 49] }),
  merchant({ id: 'instacart', name: 'Instacart', category: 'GROCERIES', country: 'US', forms: ['INSTACART', 'IC* INSTACART'], where: 'SAN FRANCISCO CA', spend: [25, 260] }),
  merchant({ id: 'dolores-cafe', name: 'Dolores Park Cafe', category: 'DINING', country: 'US', forms: ['SQ *{NAME}'], where: 'SAN FRANCISCO CA', spend: [5, 30] }),
  merchant({ id: 'verizon-store', name: 'Verizon', category: 'TELECOM', country: 'US', forms: ['VZWRLSS*APOCC VISB', 'VERIZON WRLS {store}'], where: '800-922-0204 FL', spend: [40, 220] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const US_BILLERS: Party[] = [
  biller({ id: 'con-ed', name: 'Con Edison', category: 'UTILITIES', country: 'US', forms: ['CONED', 'CON ED OF NY'], spend: [45, 320] }),
  biller({ id: 'verizon', name: 'Verizon', category: 'TELECOM', country: 'US', forms: ['VERIZON WIRELESS', 'VZ WIRELESS'], spend: [40, 220] }),
  biller({ id: 'att', name: 'AT&T', category: 'TELECOM', country: 'US', forms: ['ATT', 'AT&T PAYMENT'], spend: [35, 190] }),
  biller({ id: 'comcast', name: 'Comcast', category: 'TELECOM', country: 'US', forms: ['COMCAST', 'COMCAST CABLE'], spend: [50, 240] }),
  biller({ id: 'geico', name: 'GEICO', category: 'INSURANCE', country: 'US', forms: ['GEICO'], spend: [80, 320] }),
  biller({ id: 'pge', name: 'Pacific Gas and Electric', category: 'UTILITIES', country: 'US', forms: ['PGANDE', 'PG&E WEB ONLINE'], spend: [40, 400] }),
  biller({ id: 'state-farm', name: 'State Farm', category: 'INSURANCE', country: 'US', forms: ['STATE FARM RO 27', 'STATE FARM INS'], spend: [70, 300] }),
  biller({ id: 'duke-energy', name: 'Duke Energy', category: 'UTILITIES', country: 'US', forms: ['DUKE ENERGY', 'DUKE-ENERGY'], spend: [60, 350] }),
  biller({ id: 'greystar', name: 'Greystar', category: 'RENT', country: 'US', forms: ['GREYSTAR RENT', 'GREYSTAR PROP'], spend: [1200, 4200] }),
  biller({ id: 'irs', name: 'IRS', category: 'TAXES', country: 'US', forms: ['IRS USATAXPYMT', 'IRS'], spend: [200, 9000] }),
  biller({ id: 't-mobile', name: 'T-Mobile', category: 'TELECOM', country: 'US', forms: ['T-MOBILE', 'TMOBILE POSTPAID'], spend: [30, 200] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const GB: Party[] = [
  merchant({ id: 'tesco', name: 'Tesco', category: 'GROCERIES', country: 'GB', forms: ['TESCO STORES {store}', 'TESCO PFS {store}'], where: 'LONDON', spend: [3, 140], twin: 'tesco' }),
  merchant({ id: 'sainsburys', name: "Sainsbury's", category: 'GROCERIES', country: 'GB', forms: ['SAINSBURYS S/MKTS', "SAINSBURY'S LOCAL"], where: 'LONDON', spend: [3, 120] }),
  merchant({ id: 'tfl', name: 'Transport for London', category: 'TRANSPORT', country: 'GB', forms: ['TFL TRAVEL CH', 'TFL.GOV.UK/CP'], where: 'LONDON', spend: [1.75, 15] }),
  merchant({ id: 'amazon-uk', name: 'Amazon', category: 'SHOPPING', country: 'GB', forms: ['AMAZON.CO.UK*{order}', 'AMZNMKTPLACE'], where: 'AMAZON.CO.UK', spend: [5, 250] }),
  merchant({ id: 'pret', name: 'Pret A Manger', category: 'DINING', country: 'GB', forms: ['PRET A MANGER', '{NAME} {store}'], where: 'LONDON', spend: [3, 16] }),
  merchant({ id: 'costa', name: 'Costa Coffee', category: 'DINING', country: 'GB', forms: ['COSTA COFFEE {store}'], where: 'MANCHESTER', spend: [3, 12] }),
  merchant({ id: 'tesco-mobile', name: 'Tesco Mobile', category: 'TELECOM', country: 'GB', forms: ['TESCO MOBILE', 'TESCO MOBILE TOPUP'], where: 'SLOUGH', spend: [10, 30], prices: [10, 15, 20], twin: 'tesco' }),
  merchant({ id: 'boots', name: 'Boots', category: 'HEALTH', country: 'GB', forms: ['BOOTS {store}'], where: 'NOTTINGHAM', spend: [3, 60] }),
  merchant({ id: 'deliveroo', name: 'Deliveroo', category: 'DINING', country: 'GB', forms: ['DELIVEROO', 'DELIVEROO PLUS'], where: 'LONDON', spend: [12, 60] }),
  merchant({ id: 'greggs', name: 'Greggs', category: 'DINING', country: 'GB', forms: ['GREGGS PLC', 'GREGGS {store}'], where: 'NEWCASTLE', spend: [2, 12] }),
  merchant({ id: 'shell-uk', name: 'Shell', category: 'FUEL', country: 'GB', forms: ['SHELL {store}', 'SHELL KENSINGTON'], where: 'LONDON', spend: [20, 110] }),
  merchant({ id: 'trainline', name: 'Trainline', category: 'TRAVEL', country: 'GB', forms: ['TRAINLINE.COM', 'TRAINLINE'], where: 'LONDON', spend: [8, 240] }),
  merchant({ id: 'argos', name: 'Argos', category: 'SHOPPING', country: 'GB', forms: ['ARGOS LTD', 'ARGOS RETAIL'], where: 'MILTON KEYNES', spend: [5, 400] }),
  merchant({ id: 'wetherspoon', name: 'JD Wetherspoon', category: 'DINING', country: 'GB', forms: ['J D WETHERSPOON', 'JDW {store}'], where: 'WATFORD', spend: [4, 60] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const GB_BILLERS: Party[] = [
  biller({ id: 'british-gas', name: 'British Gas', category: 'UTILITIES', country: 'GB', forms: ['BRITISH GAS'], spend: [40, 220] }),
  biller({ id: 'thames-water', name: 'Thames Water', category: 'UTILITIES', country: 'GB', forms: ['THAMES WATER'], spend: [25, 90] }),
  biller({ id: 'bt', name: 'BT', category: 'TELECOM', country: 'GB', forms: ['BT GROUP PLC'], spend: [25, 90] }),
  biller({ id: 'camden-council', name: 'Camden Council', category: 'TAXES', country: 'GB', forms: ['LB CAMDEN CTAX'], spend: [110, 260] }),
  biller({ id: 'octopus', name: 'Octopus Energy', category: 'UTILITIES', country: 'GB', forms: ['OCTOPUS ENERGY'], spend: [40, 250] }),
  biller({ id: 'vodafone-uk', name: 'Vodafone', category: 'TELECOM', country: 'GB', forms: ['VODAFONE LTD'], spend: [12, 70] }),
  biller({ id: 'aviva', name: 'Aviva', category: 'INSURANCE', country: 'GB', forms: ['AVIVA INSURANCE'], spend: [15, 120] }),
  biller({ id: 'puregym', name: 'PureGym', category: 'HEALTH', country: 'GB', forms: ['PUREGYM LTD'], spend: [15, 35] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const DE: Party[] = [
  merchant({ id: 'rewe', name: 'REWE', category: 'GROCERIES', country: 'DE', forms: ['REWE SAGT DANKE', 'REWE MARKT GMBH'], where: 'KOELN', spend: [3, 130] }),
  merchant({ id: 'edeka', name: 'EDEKA', category: 'GROCERIES', country: 'DE', forms: ['EDEKA CENTER {store}', 'EDEKA SAGT DANKE'], where: 'HAMBURG', spend: [3, 120] }),
  merchant({ id: 'amazon-de', name: 'Amazon', category: 'SHOPPING', country: 'DE', forms: ['AMZN Mktp DE*{order}', 'AMAZON.DE*{order}'], where: 'AMAZON.DE', spend: [5, 250] }),
  merchant({ id: 'aldi', name: 'Aldi', category: 'GROCERIES', country: 'DE', forms: ['ALDI SUED SAGT DANKE', 'ALDI GMBH CO KG'], where: 'MUELHEIM', spend: [3, 90] }),
  merchant({ id: 'lidl', name: 'Lidl', category: 'GROCERIES', country: 'DE', forms: ['LIDL SAGT DANKE', 'LIDL DIENSTL. GMBH'], where: 'NECKARSULM', spend: [3, 90] }),
  merchant({ id: 'dm', name: 'dm-drogerie markt', category: 'HEALTH', country: 'DE', forms: ['DM-DROGERIE MARKT', 'DM FIL.{store}'], where: 'KARLSRUHE', spend: [2, 60] }),
  merchant({ id: 'db', name: 'Deutsche Bahn', category: 'TRAVEL', country: 'DE', forms: ['DB VERTRIEB GMBH', 'DB FERNVERKEHR AG'], where: 'FRANKFURT', spend: [9, 180] }),
  merchant({ id: 'aral', name: 'Aral', category: 'FUEL', country: 'DE', forms: ['ARAL STATION {store}', 'ARAL TANKSTELLE'], where: 'BOCHUM', spend: [20, 110] }),
  merchant({ id: 'rossmann', name: 'Rossmann', category: 'HEALTH', country: 'DE', forms: ['ROSSMANN {store}'], where: 'BURGWEDEL', spend: [2, 50] }),
  merchant({ id: 'bvg', name: 'BVG', category: 'TRANSPORT', country: 'DE', forms: ['BVG BERLIN', 'BVG TICKET'], where: 'BERLIN', spend: [3.5, 63], prices: [3.5, 9.9, 49, 63] }),
  merchant({ id: 'lieferando', name: 'Lieferando', category: 'DINING', country: 'DE', forms: ['LIEFERANDO.DE', 'LIEFERANDO'], where: 'BERLIN', spend: [12, 60] }),
  merchant({ id: 'mediamarkt', name: 'MediaMarkt', category: 'SHOPPING', country: 'DE', forms: ['MEDIA MARKT {store}', 'MEDIAMARKT ONLINE'], where: 'INGOLSTADT', spend: [10, 1200] }),
  merchant({ id: 'zalando', name: 'Zalando', category: 'SHOPPING', country: 'DE', forms: ['ZALANDO SE'], where: 'BERLIN', spend: [20, 300] }),
  merchant({ id: 'ikea-de', name: 'IKEA', category: 'SHOPPING', country: 'DE', forms: ['IKEA DEUTSCHLAND', 'IKEA {store}'], where: 'HOFHEIM', spend: [5, 900] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const DE_BILLERS: Party[] = [
  biller({ id: 'telekom', name: 'Telekom Deutschland', category: 'TELECOM', country: 'DE', forms: ['Telekom Deutschland GmbH'], spend: [20, 90] }),
  biller({ id: 'vodafone-de', name: 'Vodafone', category: 'TELECOM', country: 'DE', forms: ['Vodafone GmbH'], spend: [15, 80] }),
  biller({ id: 'vattenfall', name: 'Vattenfall', category: 'UTILITIES', country: 'DE', forms: ['Vattenfall Europe Sales GmbH'], spend: [40, 220] }),
  biller({ id: 'enbw', name: 'EnBW', category: 'UTILITIES', country: 'DE', forms: ['EnBW Energie Baden-Wuerttemberg AG'], spend: [40, 200] }),
  biller({ id: 'allianz', name: 'Allianz', category: 'INSURANCE', country: 'DE', forms: ['Allianz Versicherungs-AG'], spend: [20, 160] }),
  biller({ id: 'huk', name: 'HUK-Coburg', category: 'INSURANCE', country: 'DE', forms: ['HUK-COBURG'], spend: [30, 140] }),
  biller({ id: 'finanzamt', name: 'Finanzamt Berlin', category: 'TAXES', country: 'DE', forms: ['FINANZAMT BERLIN'], spend: [150, 6000] }),
  biller({ id: 'urban-sports', name: 'Urban Sports Club', category: 'HEALTH', country: 'DE', forms: ['Urban Sports GmbH'], spend: [35, 130] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const FR: Party[] = [
  merchant({ id: 'carrefour-market', name: 'Carrefour Market', category: 'GROCERIES', country: 'FR', forms: ['CARREFOUR MARKET', 'CARREFOURMARKET'], where: 'PARIS 15', spend: [3, 140] }),
  merchant({ id: 'monoprix', name: 'Monoprix', category: 'GROCERIES', country: 'FR', forms: ['MONOPRIX', 'MONOPRIX {store}'], where: 'PARIS', spend: [3, 90] }),
  merchant({ id: 'sncf', name: 'SNCF', category: 'TRAVEL', country: 'FR', forms: ['SNCF INTERNET', 'SNCF CONNECT'], where: 'PARIS', spend: [10, 220] }),
  merchant({ id: 'leclerc', name: 'Leclerc', category: 'GROCERIES', country: 'FR', forms: ['E.LECLERC', 'LECLERC {store}'], where: 'RENNES', spend: [5, 200] }),
  merchant({ id: 'ratp', name: 'RATP', category: 'TRANSPORT', country: 'FR', forms: ['RATP', 'RATP NAVIGO'], where: 'PARIS', spend: [2.15, 86], prices: [2.15, 17.35, 86.4] }),
  merchant({ id: 'fnac', name: 'Fnac', category: 'SHOPPING', country: 'FR', forms: ['FNAC', 'FNAC.COM'], where: 'IVRY SUR SEINE', spend: [8, 700] }),
  merchant({ id: 'total-station', name: 'TotalEnergies', category: 'FUEL', country: 'FR', forms: ['TOTALENERGIES {store}', 'TOTAL ACCESS'], where: 'LYON', spend: [20, 100], twin: 'total' }),
  merchant({ id: 'total-elec', name: 'TotalEnergies', category: 'UTILITIES', country: 'FR', forms: ['TOTALENERGIES ELEC', 'TOTALENERGIES ELECTRICITE'], where: 'COURBEVOIE', spend: [40, 180], twin: 'total' }),
  merchant({ id: 'paul', name: 'Paul', category: 'DINING', country: 'FR', forms: ['PAUL {store}', 'BOULANGERIE PAUL'], where: 'LILLE', spend: [2, 25] }),
  merchant({ id: 'pharmacie-centrale', name: 'Pharmacie Centrale', category: 'HEALTH', country: 'FR', forms: ['{NAME}', 'PHIE CENTRALE'], where: 'BORDEAUX', spend: [4, 70] }),
  merchant({ id: 'decathlon', name: 'Decathlon', category: 'SHOPPING', country: 'FR', forms: ['DECATHLON', 'DECATHLON {store}'], where: 'VILLENEUVE', spend: [5, 400] }),
  merchant({ id: 'brasserie-lipp', name: 'Brasserie Lipp', category: 'DINING', country: 'FR', forms: ['{NAME}'], where: 'PARIS 06', spend: [18, 160] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const FR_BILLERS: Party[] = [
  biller({ id: 'edf', name: 'EDF', category: 'UTILITIES', country: 'FR', forms: ['EDF clients particuliers'], spend: [40, 220] }),
  biller({ id: 'orange', name: 'Orange', category: 'TELECOM', country: 'FR', forms: ['ORANGE SA'], spend: [15, 80] }),
  biller({ id: 'free-mobile', name: 'Free Mobile', category: 'TELECOM', country: 'FR', forms: ['FREE MOBILE'], spend: [2, 20], prices: [2, 15.99, 19.99] }),
  biller({ id: 'maif', name: 'MAIF', category: 'INSURANCE', country: 'FR', forms: ['MAIF'], spend: [20, 140] }),
  biller({ id: 'dgfip', name: 'DGFIP', category: 'TAXES', country: 'FR', forms: ['DGFIP IMPOT', 'DIRECTION GENERALE DES FINANCES PUBLIQUES'], spend: [100, 4000] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const ES: Party[] = [
  merchant({ id: 'mercadona', name: 'Mercadona', category: 'GROCERIES', country: 'ES', forms: ['MERCADONA', 'MERCADONA S.A.'], where: 'VALENCIA', spend: [4, 150] }),
  merchant({ id: 'el-corte-ingles', name: 'El Corte Inglés', category: 'SHOPPING', country: 'ES', forms: ['EL CORTE INGLES', 'ECI {store}'], where: 'MADRID', spend: [10, 600] }),
  merchant({ id: 'renfe', name: 'Renfe', category: 'TRAVEL', country: 'ES', forms: ['RENFE VIAJEROS', 'RENFE.COM'], where: 'MADRID', spend: [8, 140] }),
  merchant({ id: 'repsol', name: 'Repsol', category: 'FUEL', country: 'ES', forms: ['E.S. REPSOL {store}'], where: 'MADRID', spend: [20, 100] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const ES_BILLERS: Party[] = [
  biller({ id: 'iberdrola', name: 'Iberdrola', category: 'UTILITIES', country: 'ES', forms: ['IBERDROLA CLIENTES SAU'], spend: [30, 200] }),
  biller({ id: 'telefonica', name: 'Telefónica', category: 'TELECOM', country: 'ES', forms: ['TELEFONICA DE ESPANA SAU'], spend: [20, 110] }),
  biller({ id: 'mapfre', name: 'Mapfre', category: 'INSURANCE', country: 'ES', forms: ['MAPFRE ESPANA'], spend: [20, 160] }),
  biller({ id: 'endesa', name: 'Endesa', category: 'UTILITIES', country: 'ES', forms: ['ENDESA ENERGIA SAU'], spend: [30, 180] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const NL: Party[] = [
  merchant({ id: 'albert-heijn', name: 'Albert Heijn', category: 'GROCERIES', country: 'NL', forms: ['ALBERT HEIJN {store}', 'AH TO GO {store}'], where: 'AMSTERDAM', spend: [2, 120] }),
  merchant({ id: 'bol', name: 'bol.com', category: 'SHOPPING', country: 'NL', forms: ['BOL.COM BV', 'BOL.COM'], where: 'UTRECHT', spend: [6, 400] }),
  merchant({ id: 'jumbo', name: 'Jumbo', category: 'GROCERIES', country: 'NL', forms: ['JUMBO {store}', 'JUMBO SUPERMARKTEN'], where: 'VEGHEL', spend: [3, 110] }),
  merchant({ id: 'ns', name: 'NS', category: 'TRAVEL', country: 'NL', forms: ['NS GROEP IZ NS REIZIGERS', 'NS REIZIGERS'], where: 'UTRECHT', spend: [3, 60] }),
  merchant({ id: 'thuisbezorgd', name: 'Thuisbezorgd', category: 'DINING', country: 'NL', forms: ['THUISBEZORGD.NL', 'TAKEAWAY.COM'], where: 'AMSTERDAM', spend: [12, 55] }),
  merchant({ id: 'coolblue', name: 'Coolblue', category: 'SHOPPING', country: 'NL', forms: ['COOLBLUE BV'], where: 'ROTTERDAM', spend: [15, 1200] }),
  merchant({ id: 'hema', name: 'HEMA', category: 'SHOPPING', country: 'NL', forms: ['HEMA {store}', 'HEMA BV'], where: 'AMSTERDAM', spend: [2, 60] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const NL_BILLERS: Party[] = [
  biller({ id: 'eneco', name: 'Eneco', category: 'UTILITIES', country: 'NL', forms: ['ENECO CONSUMENTEN BV'], spend: [60, 260] }),
  biller({ id: 'kpn', name: 'KPN', category: 'TELECOM', country: 'NL', forms: ['KPN BV'], spend: [15, 80] }),
  biller({ id: 'ziggo', name: 'Ziggo', category: 'TELECOM', country: 'NL', forms: ['ZIGGO SERVICES BV'], spend: [30, 90] }),
  biller({ id: 'zilveren-kruis', name: 'Zilveren Kruis', category: 'INSURANCE', country: 'NL', forms: ['ZILVEREN KRUIS ACHMEA ZORGVERZEKERINGEN NV'], spend: [130, 180] }),
  biller({ id: 'belastingdienst', name: 'Belastingdienst', category: 'TAXES', country: 'NL', forms: ['BELASTINGDIENST'], spend: [50, 3000] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const IN: Party[] = [
  merchant({ id: 'swiggy', name: 'Swiggy', category: 'DINING', country: 'IN', forms: ['SWIGGY', 'BUNDL TECHNOLOGIES'], where: 'BANGALORE', spend: [120, 1500] }),
  merchant({ id: 'zomato', name: 'Zomato', category: 'DINING', country: 'IN', forms: ['ZOMATO', 'ZOMATO LIMITED'], where: 'GURGAON', spend: [150, 1600] }),
  merchant({ id: 'bigbasket', name: 'BigBasket', category: 'GROCERIES', country: 'IN', forms: ['BIGBASKET', 'INNOVATIVE RETAIL CONCEPTS'], where: 'BANGALORE', spend: [200, 4000] }),
  merchant({ id: 'flipkart', name: 'Flipkart', category: 'SHOPPING', country: 'IN', forms: ['FLIPKART', 'FLIPKART INTERNET'], where: 'BANGALORE', spend: [200, 40000] }),
  merchant({ id: 'irctc', name: 'IRCTC', category: 'TRAVEL', country: 'IN', forms: ['IRCTC', 'IRCTC E-TICKETING'], where: 'NEW DELHI', spend: [200, 6000] }),
  merchant({ id: 'ola', name: 'Ola', category: 'TRANSPORT', country: 'IN', forms: ['OLA CABS', 'ANI TECHNOLOGIES'], where: 'BANGALORE', spend: [80, 1200] }),
  merchant({ id: 'jio', name: 'Jio', category: 'TELECOM', country: 'IN', forms: ['RELIANCE JIO', 'JIO PREPAID'], where: 'MUMBAI', spend: [199, 999], prices: [199, 299, 719, 999] }),
  merchant({ id: 'airtel', name: 'Airtel', category: 'TELECOM', country: 'IN', forms: ['BHARTI AIRTEL', 'AIRTEL PAYMENTS'], where: 'NEW DELHI', spend: [199, 1499] }),
  merchant({ id: 'bescom', name: 'BESCOM', category: 'UTILITIES', country: 'IN', forms: ['BESCOM', 'BESCOM BILLDESK'], where: 'BANGALORE', spend: [400, 6000] }),
  merchant({ id: 'lic', name: 'LIC', category: 'INSURANCE', country: 'IN', forms: ['LIC OF INDIA', 'LIFE INSURANCE CORPN'], where: 'MUMBAI', spend: [1500, 40000] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const BR: Party[] = [
  merchant({ id: 'ifood', name: 'iFood', category: 'DINING', country: 'BR', forms: ['IFOOD.COM AGENCIA DE RESTAURANTES', 'IFOOD'], where: 'OSASCO', spend: [25, 180] }),
  merchant({ id: 'mercado-livre', name: 'Mercado Livre', category: 'SHOPPING', country: 'BR', forms: ['MERCADOLIVRE', 'EBAZAR.COM.BR LTDA'], where: 'SAO PAULO', spend: [20, 2500] }),
  merchant({ id: 'pao-de-acucar', name: 'Pão de Açúcar', category: 'GROCERIES', country: 'BR', forms: ['PAO DE ACUCAR', 'CIA BRASILEIRA DE DISTRIBUICAO'], where: 'SAO PAULO', spend: [15, 600] }),
  merchant({ id: 'magalu', name: 'Magazine Luiza', category: 'SHOPPING', country: 'BR', forms: ['MAGAZINE LUIZA', 'MAGALU'], where: 'FRANCA', spend: [30, 4000] }),
  merchant({ id: 'vivo', name: 'Vivo', category: 'TELECOM', country: 'BR', forms: ['TELEFONICA BRASIL', 'VIVO'], where: 'SAO PAULO', spend: [50, 250] }),
  merchant({ id: 'enel-sp', name: 'Enel', category: 'UTILITIES', country: 'BR', forms: ['ENEL DISTRIBUICAO SAO PAULO', 'ENEL SP'], where: 'SAO PAULO', spend: [80, 600] }),
  merchant({ id: 'sabesp', name: 'Sabesp', category: 'UTILITIES', country: 'BR', forms: ['SABESP', 'CIA SANEAMENTO BASICO'], where: 'SAO PAULO', spend: [40, 300] }),
];

// biome-ignore format: data laid out by hand as a table, to read down
const CA: Party[] = [
  merchant({ id: 'tim-hortons', name: 'Tim Hortons', category: 'DINING', country: 'CA', forms: ['TIM HORTONS #{store}'], where: 'TORONTO ON', spend: [2, 20] }),
  merchant({ id: 'loblaws', name: 'Loblaws', category: 'GROCERIES', country: 'CA', forms: ['LOBLAWS {store}', 'LOBLAW CO'], where: 'TORONTO ON', spend: [5, 260] }),
  merchant({ id: 'petro-canada', name: 'Petro-Canada', category: 'FUEL', country: 'CA', forms: ['PETRO-CANADA {store}', 'PETRO CANADA'], where: 'CALGARY AB', spend: [25, 120] }),
  merchant({ id: 'canadian-tire', name: 'Canadian Tire', category: 'SHOPPING', country: 'CA', forms: ['CDN TIRE STORE #{store}', 'CANADIAN TIRE'], where: 'TORONTO ON', spend: [8, 600] }),
  merchant({ id: 'shoppers', name: 'Shoppers Drug Mart', category: 'HEALTH', country: 'CA', forms: ['SHOPPERS DRUG MART #{store}'], where: 'VANCOUVER BC', spend: [4, 120] }),
  merchant({ id: 'presto', name: 'Presto', category: 'TRANSPORT', country: 'CA', forms: ['PRESTO FARE/{order}', 'PRESTO AUTOLOAD'], where: 'TORONTO ON', spend: [3.3, 156], prices: [3.3, 20, 50, 156] }),
  merchant({ id: 'rogers', name: 'Rogers', category: 'TELECOM', country: 'CA', forms: ['ROGERS WIRELESS', 'ROGERS *AUTOPAY'], where: '888-764-3771 ON', spend: [40, 180] }),
];

/** Every merchant and biller, in rank order within each country. */
// biome-ignore format: data laid out by hand as a table, to read down
export const MERCHANTS: readonly Party[] = [
  ...GLOBAL, ...US, ...US_BILLERS, ...GB, ...GB_BILLERS, ...DE, ...DE_BILLERS, ...FR, ...FR_BILLERS,
  ...ES, ...ES_BILLERS, ...NL, ...NL_BILLERS, ...IN, ...BR, ...CA,
];
