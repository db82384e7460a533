import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The ENTSO-E documents this source reads, as the RESTful API sends them:
 * - `Publication_MarketDocument` (namespace urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3),
 *   type A44 (prices), one TimeSeries per contiguous block with Period(timeInterval, resolution,
 *   Point(position, price.amount)), curve type A01 (fixed blocks: every position present) or A03
 *   (variable sized blocks: a position left out repeats the previous price);
 * - `Acknowledgement_MarketDocument` (451-1:acknowledgementdocument:7:0) with a Reason(code, text)
 *   instead of data; code 999 is "No matching data found".
 * See README.md for the upstream documentation.
 */

export const PUBLICATION_NAMESPACE = 'urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3';
export const NO_MATCHING_DATA = '999';

/**
 * The API answers every refusal with reason code 999 and says what it means in the text; only
 * "No matching data found ..." is an empty answer (entsoe-py matches on the same text).
 */
export function isNoMatchingData(ack: { code: string; text: string }): boolean {
  return ack.code === NO_MATCHING_DATA && /^No matching data found/i.test(ack.text);
}

export interface A44Point {
  ts_utc: string;
  resolution_minutes: number;
  price_eur_mwh: number;
}

export interface A44Row extends A44Point {
  bidding_zone: string;
  document_mrid: string;
  revision_number: number;
}

export interface A44Rejected {
  reason: string;
  raw: string;
}

export type EntsoeDocument =
  | { kind: 'publication'; mrid: string; revision: number; rows: A44Row[]; rejected: A44Rejected[] }
  | { kind: 'acknowledgement'; code: string; text: string };

/** Not well-formed XML, or not a document we were promised: the body goes to quarantine. */
export class A44FormatError extends Error {
  override name = 'A44FormatError';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['TimeSeries', 'Period', 'Point', 'Reason'].includes(name),
});

type Node = Record<string, unknown>;

const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return text((v as Node)['#text']);
  return String(v);
};

/** `PT60M`, `PT15M`, `PT30M`, `PT1H`: minutes, or undefined for what a price curve never uses. */
export function resolutionMinutes(resolution: string | undefined): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(resolution ?? '');
  if (!m || (!m[1] && !m[2])) return undefined;
  const minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  return minutes > 0 ? minutes : undefined;
}

/** ENTSO-E writes instants without seconds (`2025-08-21T22:00Z`). */
function instant(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Reads one body. Throws A44FormatError when it is not well-formed XML or neither document;
 * points that cannot be read are returned as rejected with their reason, never dropped silently.
 */
export function parseEntsoeDocument(body: string): EntsoeDocument {
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new A44FormatError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const root = parser.parse(body) as Node;
  const ack = root.Acknowledgement_MarketDocument as Node | undefined;
  if (ack) {
    const reason = ((ack.Reason as Node[] | undefined) ?? [])[0] ?? {};
    return { kind: 'acknowledgement', code: text(reason.code) ?? '', text: text(reason.text) ?? '' };
  }
  const doc = root.Publication_MarketDocument as Node | undefined;
  if (!doc) {
    const found = Object.keys(root).filter((k) => k !== '?xml');
    throw new A44FormatError(`expected Publication_MarketDocument, got ${found.join(', ') || 'nothing'}`);
  }
  const type = text(doc.type);
  if (type !== 'A44') throw new A44FormatError(`expected document type A44, got ${type ?? 'none'}`);
  const mrid = text(doc.mRID);
  if (!mrid) throw new A44FormatError('Publication_MarketDocument without mRID');
  const revision = Number(text(doc.revisionNumber) ?? '1');

  const rows: A44Row[] = [];
  const rejected: A44Rejected[] = [];
  for (const series of (doc.TimeSeries as Node[] | undefined) ?? []) {
    const zone = text(series['in_Domain.mRID']) ?? text(series['out_Domain.mRID']);
    const currency = text(series['currency_Unit.name']);
    const unit = text(series['price_Measure_Unit.name']);
    const curve = text(series.curveType) ?? 'A01';
    for (const period of (series.Period as Node[] | undefined) ?? []) {
      const interval = (period.timeInterval ?? {}) as Node;
      const start = instant(text(interval.start));
      const end = instant(text(interval.end));
      const minutes = resolutionMinutes(text(period.resolution));
      const raw = JSON.stringify({ series: text(series.mRID), interval, resolution: period.resolution });
      const refuse = (reason: string) => rejected.push({ reason, raw });
      if (!zone) {
        refuse('TimeSeries without in_Domain.mRID');
        continue;
      }
      if (currency !== 'EUR' || unit !== 'MWH') {
        refuse(`price unit ${currency ?? '?'}/${unit ?? '?'} (expected EUR/MWH)`);
        continue;
      }
      if (start === undefined || end === undefined || end <= start) {
        refuse(`Period timeInterval ${JSON.stringify(interval)} is not a start before an end`);
        continue;
      }
      if (minutes === undefined) {
        refuse(`resolution ${text(period.resolution) ?? 'missing'} is not PTnM/PTnH`);
        continue;
      }
      const step = minutes * 60_000;
      const slots = Math.round((end - start) / step);
      const prices = new Map<number, number>();
      for (const point of (period.Point as Node[] | undefined) ?? []) {
        const rawPoint = JSON.stringify(point);
        const position = Number(text(point.position));
        const amount = text(point['price.amount']);
        const price = amount === undefined || amount === '' ? Number.NaN : Number(amount);
        if (!Number.isInteger(position) || position < 1 || position > slots) {
          rejected.push({
            reason: `position ${text(point.position) ?? 'missing'} outside 1..${slots}`,
            raw: rawPoint,
          });
        } else if (!Number.isFinite(price)) {
          rejected.push({ reason: `price.amount "${amount ?? ''}" is not a number`, raw: rawPoint });
        } else if (prices.has(position)) {
          rejected.push({ reason: `position ${position} repeated in one Period`, raw: rawPoint });
        } else prices.set(position, price);
      }
      // A03 leaves out a position whose price equals the previous one; A01 lists every position,
      // so a gap there stays a gap (the completeness gate sees it).
      let previous: number | undefined;
      for (let position = 1; position <= slots; position++) {
        const price = prices.get(position) ?? (curve === 'A03' ? previous : undefined);
        if (price === undefined) continue;
        previous = price;
        rows.push({
          ts_utc: new Date(start + (position - 1) * step).toISOString(),
          resolution_minutes: minutes,
          price_eur_mwh: price,
          bidding_zone: zone,
          document_mrid: mrid,
          revision_number: revision,
        });
      }
    }
  }
  return { kind: 'publication', mrid, revision, rows, rejected };
}
