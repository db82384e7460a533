import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parisCalendar, parisMidnightUtc } from '../lib/domain/paris-time';
import { mulberry32 } from './seeded-random';

/**
 * A local stand-in for the ENTSO-E Transparency Platform RESTful API, document type A44
 * (day-ahead prices), serving SYNTHETIC prices in documents shaped like the real ones.
 *
 * The shape (element names and order, namespaces, codes) follows public material:
 * - the ENTSO-E Transparency Platform RESTful API user guide
 *   (https://transparency.entsoe.eu/content/static_content/Static%20content/web%20api/Guide.html,
 *   "4.2.10 Day Ahead Prices [12.1.D]" and the acknowledgement section): Publication_MarketDocument
 *   in namespace urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3, TimeSeries with
 *   businessType A62, in_Domain.mRID/out_Domain.mRID (codingScheme A01), currency_Unit.name EUR,
 *   price_Measure_Unit.name MWH, curveType A01/A03, Period/timeInterval/resolution/Point;
 * - EnergieID/entsoe-py (github.com/EnergieID/entsoe-py): its parsers read `price.amount`,
 *   `position`, `resolution` and `curveType` (synthetic fixtures tests/fixtures/prices.xml and
 *   a03_gaps.xml), and entsoe/entsoe.py treats an error answer whose Reason text contains
 *   "No matching data found" as no data (and "amount of requested data exceeds allowed limit" as
 *   a query to split): the API has answered "no data" with HTTP 400 as well as 200, so both are
 *   served here (`noData` fault);
 * - a captured A44 answer reproduced in a public test (PublicationMarketDocument XML parsing,
 *   document mRID f86583463b2b4fa68fe1a5e5d1d0c5cf, sender 10X1001A1001A450 role A32, receiver
 *   role A33, auction.type A01, contract_MarketAgreement.type A01, times as `2025-08-21T22:00Z`);
 * - the Acknowledgement_MarketDocument shape (namespace
 *   urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0, received_MarketDocument.createdDateTime,
 *   Reason/code, Reason/text), as in nWmCZ/TPL src/main/resources/templates/ack.ftl.
 * The prices are invented (seeded by delivery day): a night trough, a midday solar dip that goes
 * negative on some days, an evening peak. Nothing here is a real market result.
 */

export const A44_NAMESPACE = 'urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3';
export const ACK_NAMESPACE = 'urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0';
export const FRANCE_ZONE = '10YFR-RTE------C';
const HOUR = 3_600_000;

export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: string }
  /** Half of the answer's bytes: not well-formed XML. */
  | { kind: 'truncate' }
  /** A well-formed document that is not the one promised. */
  | { kind: 'wrong-document' }
  /** An acknowledgement refusing the query (HTTP 400, reason 999 with another text). */
  | { kind: 'refuse'; text: string }
  /** "No matching data found" with this HTTP status, whatever is published. */
  | { kind: 'noData'; status: number };

const entsoeTime = (t: number) => new Date(t).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');

/** The SYNTHETIC price of one slot: EUR/MWh, two decimals, negative around midday on some days. */
export function syntheticPrice(calendarDate: string, localMinutes: number): number {
  const rand = mulberry32(Number(calendarDate.replace(/-/g, '')));
  const sunny = rand() < 0.5;
  const base = 55 + rand() * 30;
  const h = localMinutes / 60;
  const night = h < 6 ? -20 : 0;
  const solar = h >= 11 && h < 16 ? -(sunny ? base + 15 : 30) : 0;
  const evening = h >= 18 && h < 21 ? 60 : 0;
  // Flat at night (whole hours), so A03 curves leave positions out as the real ones do.
  const wiggle = h < 6 ? 0 : Math.round(Math.sin(localMinutes / 37) * 800) / 100;
  return Math.round((base + night + solar + evening + wiggle) * 100) / 100;
}

export interface A44Options {
  zone?: string;
  /** Paris delivery days `YYYY-MM-DD`, one TimeSeries each. */
  days: string[];
  resolutionMinutes?: 60 | 15;
  curveType?: 'A01' | 'A03';
  mrid?: string;
  revision?: number;
  createdAt?: string;
  /** Overrides a slot's price: (day, position) -> price. */
  price?: (day: string, position: number) => number | undefined;
}

/** A Publication_MarketDocument of type A44 for the given delivery days. */
export function a44Document(o: A44Options): string {
  const zone = o.zone ?? FRANCE_ZONE;
  const minutes = o.resolutionMinutes ?? 60;
  const curve = o.curveType ?? 'A01';
  const spans = o.days.map((day) => {
    const start = parisMidnightUtc(Number(day.replace(/-/g, ''))).getTime();
    const end = parisMidnightUtc(parisCalendar(new Date(start + 26 * HOUR)).dateKey).getTime();
    return { day, start, end };
  });
  const series = spans.map(({ day, start, end }, i) => {
    const slots = Math.round((end - start) / (minutes * 60_000));
    const points: string[] = [];
    let previous: number | undefined;
    for (let position = 1; position <= slots; position++) {
      const at = new Date(start + (position - 1) * minutes * 60_000);
      const price = o.price?.(day, position) ?? syntheticPrice(day, parisCalendar(at).timeKey);
      // A03: a position whose price repeats the previous one is left out (never the first).
      if (curve === 'A03' && position > 1 && price === previous) continue;
      previous = price;
      points.push(
        `\t\t\t<Point>\n\t\t\t\t<position>${position}</position>\n\t\t\t\t<price.amount>${price}</price.amount>\n\t\t\t</Point>`,
      );
    }
    return `\t<TimeSeries>
\t\t<mRID>${i + 1}</mRID>
\t\t<auction.type>A01</auction.type>
\t\t<businessType>A62</businessType>
\t\t<in_Domain.mRID codingScheme="A01">${zone}</in_Domain.mRID>
\t\t<out_Domain.mRID codingScheme="A01">${zone}</out_Domain.mRID>
\t\t<contract_MarketAgreement.type>A01</contract_MarketAgreement.type>
\t\t<currency_Unit.name>EUR</currency_Unit.name>
\t\t<price_Measure_Unit.name>MWH</price_Measure_Unit.name>
\t\t<curveType>${curve}</curveType>
\t\t<Period>
\t\t\t<timeInterval>
\t\t\t\t<start>${entsoeTime(start)}</start>
\t\t\t\t<end>${entsoeTime(end)}</end>
\t\t\t</timeInterval>
\t\t\t<resolution>PT${minutes}M</resolution>
${points.join('\n')}
\t\t</Period>
\t</TimeSeries>`;
  });
  const first = Math.min(...spans.map((s) => s.start));
  const last = Math.max(...spans.map((s) => s.end));
  return `<?xml version="1.0" encoding="utf-8"?>
<Publication_MarketDocument xmlns="${A44_NAMESPACE}">
\t<mRID>${o.mrid ?? `synthetic-${o.days[0] ?? 'none'}-${minutes}`}</mRID>
\t<revisionNumber>${o.revision ?? 1}</revisionNumber>
\t<type>A44</type>
\t<sender_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</sender_MarketParticipant.mRID>
\t<sender_MarketParticipant.marketRole.type>A32</sender_MarketParticipant.marketRole.type>
\t<receiver_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</receiver_MarketParticipant.mRID>
\t<receiver_MarketParticipant.marketRole.type>A33</receiver_MarketParticipant.marketRole.type>
\t<createdDateTime>${(o.createdAt ?? new Date().toISOString()).replace(/\.\d{3}Z$/, 'Z')}</createdDateTime>
\t<period.timeInterval>
\t\t<start>${entsoeTime(first)}</start>
\t\t<end>${entsoeTime(last)}</end>
\t</period.timeInterval>
${series.join('\n')}
</Publication_MarketDocument>
`;
}

/** An Acknowledgement_MarketDocument: reason 999 with "No matching data found ..." is an empty answer. */
export function acknowledgementDocument(
  text: string,
  code = '999',
  createdAt = new Date().toISOString(),
): string {
  const at = createdAt.replace(/\.\d{3}Z$/, 'Z');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Acknowledgement_MarketDocument xmlns="${ACK_NAMESPACE}">
\t<mRID>${Math.abs(hash(text + at)).toString(16)}</mRID>
\t<createdDateTime>${at}</createdDateTime>
\t<sender_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</sender_MarketParticipant.mRID>
\t<sender_MarketParticipant.marketRole.type>A32</sender_MarketParticipant.marketRole.type>
\t<receiver_MarketParticipant.mRID codingScheme="A01">10X1001A1001B54W</receiver_MarketParticipant.mRID>
\t<receiver_MarketParticipant.marketRole.type>A39</receiver_MarketParticipant.marketRole.type>
\t<received_MarketDocument.createdDateTime>${at}</received_MarketDocument.createdDateTime>
\t<Reason>
\t\t<code>${code}</code>
\t\t<text>${text}</text>
\t</Reason>
</Acknowledgement_MarketDocument>
`;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

const parsePeriod = (v: string | null): number | undefined => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v ?? '');
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) : undefined;
};

export interface EntsoeServer {
  url: string;
  /** Base URL to configure as GPS_ENTSOE_BASE_URL. */
  baseUrl: string;
  injectFaults(...faults: Fault[]): void;
  requests: { query: Record<string, string>; at: number }[];
  close(): Promise<void>;
}

export interface EntsoeServerOptions {
  port?: number;
  resolutionMinutes?: 60 | 15;
  curveType?: 'A01' | 'A03';
  /** The last Paris delivery day published; default: tomorrow after 12:45 Paris time, today before. */
  lastPublishedDay?: () => string;
  /** When set, a request without this securityToken is answered 401 as the real API does. */
  token?: string;
}

function defaultLastPublished(): string {
  const now = new Date();
  const cal = parisCalendar(now);
  const afterAuction = cal.timeKey >= 12 * 60 + 45;
  return parisCalendar(new Date(parisMidnightUtc(cal.dateKey).getTime() + (afterAuction ? 26 : 0) * HOUR))
    .calendarDate;
}

export async function startEntsoeServer(options: EntsoeServerOptions = {}): Promise<EntsoeServer> {
  const faults: Fault[] = [];
  const requests: EntsoeServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const query = Object.fromEntries(url.searchParams);
    requests.push({
      query: { ...query, ...(query.securityToken ? { securityToken: '***' } : {}) },
      at: Date.now(),
    });
    const xml = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/xml', ...headers });
      res.end(body);
    };
    if (url.pathname !== '/api') return xml(404, acknowledgementDocument('Not found'));
    if (options.token !== undefined && query.securityToken !== options.token) {
      res.writeHead(401, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>Unauthorized</h1></body></html>');
    }
    const fault = faults.shift();
    if (fault?.kind === 'status') {
      return xml(
        fault.status,
        fault.body ?? acknowledgementDocument(`Injected HTTP ${fault.status}`),
        fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
      );
    }
    if (fault?.kind === 'refuse') return xml(400, acknowledgementDocument(fault.text));
    if (fault?.kind === 'noData') {
      return xml(
        fault.status,
        acknowledgementDocument('No matching data found for Data item Day-ahead Prices [12.1.D].'),
      );
    }
    if (fault?.kind === 'wrong-document')
      return xml(200, acknowledgementDocument('Injected', '000').replace(/Acknowledgement/g, 'Status'));
    const from = parsePeriod(url.searchParams.get('periodStart'));
    const to = parsePeriod(url.searchParams.get('periodEnd'));
    if (query.documentType !== 'A44' || !query.in_Domain || query.in_Domain !== query.out_Domain) {
      return xml(
        400,
        acknowledgementDocument('Combination of requested parameters is not valid for documentType A44'),
      );
    }
    if (from === undefined || to === undefined || to <= from) {
      return xml(
        400,
        acknowledgementDocument('periodStart and periodEnd must be yyyyMMddHHmm with start before end'),
      );
    }
    if (to - from > 366 * 24 * HOUR) {
      return xml(
        400,
        acknowledgementDocument('The amount of requested data exceeds allowed limit (one year)'),
      );
    }
    // The Paris delivery days the interval touches, up to the last one published.
    const last = (options.lastPublishedDay ?? defaultLastPublished)();
    const days: string[] = [];
    for (let t = from; t < to; t += HOUR) {
      const day = parisCalendar(new Date(t)).calendarDate;
      if (day <= last && days.at(-1) !== day) days.push(day);
    }
    if (!days.length) {
      return xml(
        200,
        acknowledgementDocument(
          `No matching data found for Data item Day-ahead Prices [12.1.D] (${query.in_Domain}) and interval ${url.searchParams.get('periodStart')}/${url.searchParams.get('periodEnd')}.`,
        ),
      );
    }
    const body = a44Document({
      zone: query.in_Domain,
      days,
      resolutionMinutes: options.resolutionMinutes,
      curveType: options.curveType,
      // Published at about 12:45 Paris time the day before the last delivery day.
      createdAt: new Date(
        parisMidnightUtc(Number(last.replace(/-/g, ''))).getTime() - 12 * HOUR,
      ).toISOString(),
    });
    return xml(200, fault?.kind === 'truncate' ? body.slice(0, Math.floor(body.length / 2)) : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/api`,
    injectFaults: (...f) => faults.push(...f),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
