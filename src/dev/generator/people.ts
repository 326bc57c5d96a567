/**
 * People (for person-to-person rails), employers (for payroll) and businesses (for wires and
 * invoice payments), per country, as data. Names are fictional.
 */
import type { Category } from '../../contract/records.ts';
import type { Country } from './markets.ts';
import type { Party } from './party.ts';

const slug = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');

/** Typical person-to-person amounts in each country's currency. */
// biome-ignore format: data laid out by hand as a table, to read down
const P2P_SPEND: Readonly<Record<Country, readonly [number, number]>> = {
  US: [10, 900], GB: [10, 700], DE: [10, 800], FR: [10, 800], ES: [5, 400], NL: [10, 600], IN: [200, 25_000], BR: [20, 3_000], CA: [10, 900],
};

// biome-ignore format: data laid out by hand as a table, to read down
const NAMES: Readonly<Record<Country, readonly string[]>> = {
  US: ['John Smith', 'Emily Johnson', 'Michael Brown', 'Sarah Davis', 'David Miller', 'Jessica Wilson', 'Chris Moore', 'Ashley Taylor', 'Daniel Anderson', 'Megan Thomas'],
  GB: ['James Smith', 'Olivia Jones', 'Harry Williams', 'Amelia Taylor', 'George Brown', 'Isla Davies', 'Oliver Evans', 'Sophie Wilson', 'Jack Thomas', 'Emily Roberts'],
  DE: ['Lukas Müller', 'Anna Schmidt', 'Felix Schneider', 'Lea Fischer', 'Jonas Weber', 'Marie Meyer', 'Paul Wagner', 'Sophie Becker', 'Leon Hoffmann', 'Hannah Schäfer'],
  FR: ['Lucas Martin', 'Emma Bernard', 'Hugo Dubois', 'Chloé Thomas', 'Louis Robert', 'Léa Richard', 'Gabriel Petit', 'Manon Durand', 'Arthur Leroy', 'Camille Moreau'],
  ES: ['María López', 'Javier García', 'Lucía Martínez', 'Carlos Sánchez', 'Ana Fernández', 'Pablo Rodríguez', 'Marta Gómez', 'Diego Pérez', 'Laura Díaz', 'Sergio Ruiz'],
  NL: ['Daan de Vries', 'Emma Jansen', 'Sem van Dijk', 'Julia Bakker', 'Lucas Visser', 'Sophie Smit', 'Milan Meijer', 'Tess de Boer', 'Finn Mulder', 'Lotte Bos'],
  IN: ['Priya Sharma', 'Rahul Kumar', 'Ananya Iyer', 'Vikram Singh', 'Sneha Patel', 'Arjun Reddy', 'Kavya Nair', 'Rohan Gupta', 'Pooja Mehta', 'Aditya Rao'],
  BR: ['João Silva', 'Maria Santos', 'Pedro Oliveira', 'Ana Souza', 'Lucas Pereira', 'Juliana Costa', 'Gabriel Rodrigues', 'Beatriz Almeida', 'Rafael Lima', 'Camila Ferreira'],
  CA: ['Liam Tremblay', 'Emma Roy', 'Noah Gagnon', 'Olivia Côté', 'William Bouchard', 'Charlotte Wong', 'Benjamin Lee', 'Ava MacDonald', 'Lucas Martin', 'Chloe Campbell'],
};

// biome-ignore format: data laid out by hand as a table, to read down
export const PEOPLE: readonly Party[] = Object.entries(NAMES).flatMap(([country, names]) =>
  names.map((name): Party => ({
    id: `person-${country}-${slug(name)}`, name, kind: 'person', country: country as Country, category: 'TRANSFER', forms: [],
    spend: P2P_SPEND[country as Country],
  })));

type Organisation = { country: Country; name: string; forms: string[]; spend: [number, number] };
const employer = (e: Organisation): Party => ({ ...e, id: `employer-${slug(e.name)}`, kind: 'employer', category: 'INCOME' });

/** Employers; `spend` is a monthly (US: semi-monthly) net salary. */
// biome-ignore format: data laid out by hand as a table, to read down
export const EMPLOYERS: readonly Party[] = [
  employer({ country: 'US', name: 'Acme Corp', forms: ['ACME CORP', 'ACME CORPORATION'], spend: [1800, 4800] }),
  employer({ country: 'US', name: 'Initech', forms: ['INITECH INC', 'INITECH'], spend: [1500, 4200] }),
  employer({ country: 'US', name: 'Umbrella Health', forms: ['UMBRELLA HEALTH', 'UMBRELLA HLTH SYS'], spend: [1600, 5200] }),
  employer({ country: 'GB', name: 'Northwind Trading', forms: ['NORTHWIND TRADING LTD', 'NORTHWIND TRAD'], spend: [1800, 4200] }),
  employer({ country: 'GB', name: 'Contoso UK', forms: ['CONTOSO UK LTD'], spend: [2000, 5000] }),
  employer({ country: 'DE', name: 'Muster Logistik', forms: ['Muster Logistik GmbH', 'MUSTER LOGISTIK GMBH'], spend: [2100, 4600] }),
  employer({ country: 'DE', name: 'Beispiel Software', forms: ['Beispiel Software AG'], spend: [2800, 6200] }),
  employer({ country: 'FR', name: 'Société Exemple', forms: ['SOCIETE EXEMPLE SA', 'STE EXEMPLE'], spend: [1800, 4200] }),
  employer({ country: 'FR', name: 'Atelier Lumière', forms: ['ATELIER LUMIERE SARL'], spend: [1600, 3200] }),
  employer({ country: 'ES', name: 'Ejemplo Consultores', forms: ['EJEMPLO CONSULTORES SL'], spend: [1300, 3500] }),
  employer({ country: 'IN', name: 'Acme Solutions', forms: ['ACME SOLUTIONS PVT LTD', 'ACME SOLUTIONS PRIVATE LIMITED'], spend: [35_000, 220_000] }),
  employer({ country: 'IN', name: 'Sunrise Infotech', forms: ['SUNRISE INFOTECH LTD'], spend: [28_000, 160_000] }),
  employer({ country: 'CA', name: 'Northern Lights', forms: ['NORTHERN LIGHTS INC', 'NORTHERN LIGHTS'], spend: [1700, 4500] }),
  employer({ country: 'BR', name: 'Exemplo Tecnologia', forms: ['EXEMPLO TECNOLOGIA LTDA'], spend: [2500, 14_000] }),
  employer({ country: 'NL', name: 'Voorbeeld Techniek', forms: ['VOORBEELD TECHNIEK BV'], spend: [2300, 5200] }),
];

const business = (e: Organisation & { category: Category }): Party => ({ ...e, id: `business-${slug(e.name)}`, kind: 'business' });

/**
 * Business counterparties. `category` is what paying them is; money received from them is INCOME
 * (an invoice paid). `{NAME}` forms let a fixed-width ACH company name cut them.
 */
// biome-ignore format: data laid out by hand as a table, to read down
export const BUSINESSES: readonly Party[] = [
  business({ country: 'US', name: 'Globex', forms: ['GLOBEX LLC', 'GLOBEX CORPORATION'], category: 'OTHER', spend: [800, 90_000] }),
  business({ country: 'US', name: 'Vandelay Industries', forms: ['{NAME} INC'], category: 'OTHER', spend: [500, 40_000] }),
  business({ country: 'US', name: 'Hooli', forms: ['HOOLI INC', 'HOOLI XYZ'], category: 'SOFTWARE', spend: [300, 25_000] }),
  business({ country: 'US', name: 'Dunder Mifflin Paper', forms: ['{NAME} CO'], category: 'SHOPPING', spend: [150, 6000] }),
  business({ country: 'US', name: 'Cyberdyne Systems', forms: ['{NAME} CORP'], category: 'SOFTWARE', spend: [1000, 60_000] }),
  business({ country: 'US', name: 'Pinecrest Property Management', forms: ['{NAME}'], category: 'RENT', spend: [2500, 15_000] }),
  business({ country: 'GB', name: 'Brightwater Consulting', forms: ['BRIGHTWATER CONSULTING LTD'], category: 'OTHER', spend: [500, 30_000] }),
  business({ country: 'GB', name: 'Kingsway Estates', forms: ['KINGSWAY ESTATES LTD'], category: 'RENT', spend: [900, 4000] }),
  business({ country: 'DE', name: 'Schmidt IT-Services', forms: ['Schmidt IT-Services GmbH'], category: 'SOFTWARE', spend: [400, 20_000] }),
  business({ country: 'DE', name: 'Hausverwaltung Becker', forms: ['Hausverwaltung Becker GmbH'], category: 'RENT', spend: [700, 2200] }),
  business({ country: 'DE', name: 'Nordlicht Handel', forms: ['NORDLICHT HANDEL GMBH'], category: 'OTHER', spend: [300, 50_000] }),
  business({ country: 'FR', name: 'Dupont Conseil', forms: ['DUPONT CONSEIL SARL'], category: 'OTHER', spend: [400, 25_000] }),
  business({ country: 'FR', name: 'Foncia', forms: ['FONCIA GESTION'], category: 'RENT', spend: [600, 2200] }),
  business({ country: 'ES', name: 'Distribuciones Levante', forms: ['DISTRIBUCIONES LEVANTE SL'], category: 'OTHER', spend: [300, 20_000] }),
  business({ country: 'NL', name: 'Van der Berg Installaties', forms: ['VAN DER BERG INSTALLATIES BV'], category: 'OTHER', spend: [200, 15_000] }),
  business({ country: 'IN', name: 'Sharma Traders', forms: ['SHARMA TRADERS PVT LTD', 'SHARMA TRADERS'], category: 'OTHER', spend: [5000, 900_000] }),
  business({ country: 'IN', name: 'Deccan Steel', forms: ['DECCAN STEEL LTD'], category: 'OTHER', spend: [200_000, 9_000_000] }),
  business({ country: 'IN', name: 'Lakshmi Enterprises', forms: ['LAKSHMI ENTERPRISES'], category: 'OTHER', spend: [3000, 600_000] }),
  business({ country: 'BR', name: 'Construtora Horizonte', forms: ['CONSTRUTORA HORIZONTE LTDA'], category: 'OTHER', spend: [500, 80_000] }),
  business({ country: 'CA', name: 'Maple Ridge Supplies', forms: ['MAPLE RIDGE SUPPLIES INC'], category: 'OTHER', spend: [200, 30_000] }),
];
