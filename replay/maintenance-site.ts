import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a grid-maintenance transparency page (generation unit unavailabilities).
 * Like the real kind of page, the HTML is only a shell: a script fetches the events from a JSON
 * endpoint and renders the table and the pagination client-side, so only a real browser sees the
 * data. It injects faults per request (status codes with Retry-After, delays), and can serve a
 * changed layout, an empty listing, an explicit "no events" listing and events repeated across
 * pages, so the scraper is tested against the ways such pages break.
 *
 * The events are SYNTHETIC: real French plant and unit names, invented dates, ids and figures.
 */

export interface SiteEvent {
  id: string;
  unit: string;
  /** As displayed: a region name, or "France" for events not tied to one region. */
  zone: string;
  type: 'Planifiée' | 'Fortuite';
  /** ISO 8601 with the Paris offset, as the page prints it. */
  start: string;
  end: string;
  unavailableMw: number;
  description: string;
}

export const SYNTHETIC_EVENTS: readonly SiteEvent[] = [
  {
    id: 'SYN-UNAV-2025-0001',
    unit: 'PALUEL 3',
    zone: 'Normandie',
    type: 'Planifiée',
    start: '2025-03-01T00:00:00+01:00',
    end: '2025-04-12T23:00:00+02:00',
    unavailableMw: 1330,
    description: 'Visite partielle et rechargement du combustible',
  },
  {
    id: 'SYN-UNAV-2025-0002',
    unit: 'FLAMANVILLE 1',
    zone: 'Normandie',
    type: 'Fortuite',
    start: '2025-03-03T14:20:00+01:00',
    end: '2025-03-06T08:00:00+01:00',
    unavailableMw: 1330,
    description: 'Arrêt automatique réacteur, diagnostic en cours',
  },
  {
    id: 'SYN-UNAV-2025-0003',
    unit: 'GRAVELINES 5',
    zone: 'Hauts-de-France',
    type: 'Planifiée',
    start: '2025-03-08T22:00:00+01:00',
    end: '2025-05-20T22:00:00+02:00',
    unavailableMw: 910,
    description: 'Visite décennale',
  },
  {
    id: 'SYN-UNAV-2025-0004',
    unit: 'CATTENOM 2',
    zone: 'Grand Est',
    type: 'Fortuite',
    start: '2025-03-10T06:45:00+01:00',
    end: '2025-03-11T18:00:00+01:00',
    unavailableMw: 650.5,
    description: 'Modulation de puissance, indisponibilité partielle',
  },
  {
    id: 'SYN-UNAV-2025-0005',
    unit: 'BUGEY 4',
    zone: 'Auvergne-Rhône-Alpes',
    type: 'Planifiée',
    start: '2025-03-15T00:00:00+01:00',
    end: '2025-04-30T00:00:00+02:00',
    unavailableMw: 880,
    description: 'Arrêt pour simple rechargement',
  },
  {
    id: 'SYN-UNAV-2025-0006',
    unit: 'CHINON B2',
    zone: 'Centre-Val de Loire',
    type: 'Planifiée',
    start: '2025-03-22T23:00:00+01:00',
    end: '2025-03-30T03:00:00+02:00',
    unavailableMw: 905,
    description: 'Essais périodiques',
  },
  {
    id: 'SYN-UNAV-2025-0007',
    unit: 'GOLFECH 1',
    zone: 'Occitanie',
    type: 'Fortuite',
    start: '2025-03-26T02:10:00+01:00',
    end: '2025-03-27T12:00:00+01:00',
    unavailableMw: 1310,
    description: 'Fuite sur circuit secondaire',
  },
  {
    id: 'SYN-UNAV-2025-0008',
    unit: 'BLAYAIS 2',
    zone: 'Nouvelle-Aquitaine',
    type: 'Planifiée',
    start: '2025-04-05T00:00:00+02:00',
    end: '2025-06-01T00:00:00+02:00',
    unavailableMw: 910,
    description: 'Visite partielle',
  },
  {
    id: 'SYN-UNAV-2025-0009',
    unit: 'CORDEMAIS 4',
    zone: 'Pays de la Loire',
    type: 'Fortuite',
    start: '2025-04-07T09:30:00+02:00',
    end: '2025-04-08T21:00:00+02:00',
    unavailableMw: 580,
    description: 'Défaut broyeur charbon',
  },
  {
    id: 'SYN-UNAV-2025-0010',
    unit: 'MARTIGUES 5',
    zone: "Provence-Alpes-Côte d'Azur",
    type: 'Planifiée',
    start: '2025-04-14T07:00:00+02:00',
    end: '2025-04-18T19:00:00+02:00',
    unavailableMw: 465,
    description: 'Maintenance turbine à combustion',
  },
  {
    id: 'SYN-UNAV-2025-0011',
    unit: 'LANDIVISIAU CCG',
    zone: 'Bretagne',
    type: 'Planifiée',
    start: '2025-04-20T06:00:00+02:00',
    end: '2025-04-20T20:00:00+02:00',
    unavailableMw: 446,
    description: 'Contrôle réglementaire',
  },
  {
    id: 'SYN-UNAV-2025-0012',
    unit: 'INTERCONNEXION IFA 2000',
    zone: 'France',
    type: 'Fortuite',
    start: '2025-04-22T11:00:00+02:00',
    end: '2025-04-23T11:00:00+02:00',
    unavailableMw: 1000,
    description: 'Défaut câble pôle 1, capacité réduite',
  },
];

/** What the page prints above each column; the scraper's configuration expects these labels. */
export const COLUMN_LABELS = [
  'Identifiant',
  'Unité',
  'Zone',
  'Type',
  'Début',
  'Fin',
  'Puissance indisponible (MW)',
  'Description',
] as const;

export type SiteFault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; on?: FaultTarget; page?: number }
  | { kind: 'delay'; ms: number; on?: FaultTarget; page?: number };

/** `document`: the HTML shell of a page; `data`: the JSON the page's script fetches. Default: document. */
export type FaultTarget = 'document' | 'data';

export interface SiteVariant {
  /** `column-renamed`: a column label changes; `table-renamed`: the table's id changes. */
  layout: 'normal' | 'column-renamed' | 'table-renamed';
  /** `empty`: no rows and no explanation; `no-events`: no rows and an explicit "no events" notice. */
  listing: 'normal' | 'empty' | 'no-events';
  /** The last event of each page is shown again at the top of the next (as when a listing shifts). */
  duplicateAcrossPages: boolean;
}

export interface SiteRequest {
  target: FaultTarget;
  page: number;
  status: number;
  at: number;
}

export interface MaintenanceSite {
  url: string;
  /** The listing's first page: what GPS_MAINTENANCE_URL points at. */
  pageUrl: string;
  /** Queues faults; each is answered by the next request it matches (target and page). */
  injectFaults(...faults: SiteFault[]): void;
  setVariant(variant: Partial<SiteVariant>): void;
  /** Replaces the listed events (e.g. to publish a bad one). */
  setEvents(events: SiteEvent[]): void;
  requests: SiteRequest[];
  close(): Promise<void>;
}

export const PAGE_PATH = '/indisponibilites';
const DATA_PATH = '/api/indisponibilites';

function pageOf(events: readonly SiteEvent[], page: number, pageSize: number, duplicate: boolean) {
  const pageCount = Math.max(1, Math.ceil(events.length / pageSize));
  const from = (page - 1) * pageSize;
  const rows = events.slice(from, from + pageSize);
  if (duplicate && page > 1 && from - 1 < events.length) rows.unshift(events[from - 1] as SiteEvent);
  return { pageCount, rows };
}

function shell(page: number, variant: SiteVariant): string {
  const tableId = variant.layout === 'table-renamed' ? 'unavailability-list' : 'maintenance-events';
  const labels = COLUMN_LABELS.map((l) =>
    variant.layout === 'column-renamed' && l === 'Puissance indisponible (MW)' ? 'Capacité retirée (MW)' : l,
  );
  // The script renders from the JSON endpoint, as a single-page app would; the shell alone has no rows.
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Indisponibilités des moyens de production (données synthétiques)</title></head>
<body>
<h1>Indisponibilités des moyens de production</h1>
<p class="disclaimer">Données synthétiques pour les tests de Grid Power Stream.</p>
<table id="${tableId}" aria-busy="true">
<thead><tr>${labels.map((l) => `<th scope="col">${l}</th>`).join('')}</tr></thead>
<tbody></tbody>
</table>
<nav class="pagination"></nav>
<script>
(function () {
  var page = ${page};
  fetch('${DATA_PATH}?page=' + page, { headers: { accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    })
    .then(function (data) {
      var table = document.getElementById('${tableId}');
      var body = table.querySelector('tbody');
      data.events.forEach(function (e) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-event-id', e.id);
        [e.id, e.unit, e.zone, e.type, e.start, e.end, e.unavailableMw.toLocaleString('fr-FR'), e.description]
          .forEach(function (text) {
            var td = document.createElement('td');
            td.textContent = String(text);
            tr.appendChild(td);
          });
        body.appendChild(tr);
      });
      if (data.noEvents) {
        var notice = document.createElement('p');
        notice.className = 'no-events';
        notice.textContent = 'Aucune indisponibilité en cours ou programmée.';
        table.after(notice);
      }
      var nav = document.querySelector('nav.pagination');
      var count = document.createElement('span');
      count.className = 'page-count';
      count.textContent = 'Page ' + data.page + ' / ' + data.pageCount;
      nav.appendChild(count);
      if (data.page < data.pageCount) {
        var next = document.createElement('a');
        next.rel = 'next';
        next.href = '?page=' + (data.page + 1);
        next.textContent = 'Suivant';
        nav.appendChild(next);
      }
      table.setAttribute('aria-busy', 'false');
    })
    .catch(function (err) {
      var p = document.createElement('p');
      p.className = 'load-error';
      p.textContent = 'Erreur de chargement : ' + err.message;
      document.body.appendChild(p);
    });
})();
</script>
</body>
</html>
`;
}

export async function startMaintenanceSite(
  options: { port?: number; pageSize?: number; events?: readonly SiteEvent[] } = {},
): Promise<MaintenanceSite> {
  const pageSize = options.pageSize ?? 5;
  let events: readonly SiteEvent[] = options.events ?? SYNTHETIC_EVENTS;
  let variant: SiteVariant = { layout: 'normal', listing: 'normal', duplicateAcrossPages: false };
  const faults: SiteFault[] = [];
  const requests: SiteRequest[] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    const target: FaultTarget | undefined =
      url.pathname === PAGE_PATH ? 'document' : url.pathname === DATA_PATH ? 'data' : undefined;
    if (req.method !== 'GET' || !target) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Page introuvable');
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    const respond = (status: number, headers: Record<string, string>, body: string) => {
      requests.push({ target, page, status, at: Date.now() });
      res.writeHead(status, headers);
      res.end(body);
    };

    const index = faults.findIndex((f) => (f.on ?? 'document') === target && (f.page ?? page) === page);
    const fault = index >= 0 ? faults.splice(index, 1)[0] : undefined;
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      return respond(
        fault.status,
        headers,
        `<!doctype html><title>${fault.status}</title><h1>Erreur ${fault.status}</h1>`,
      );
    }

    const listed = variant.listing === 'normal' ? events : [];
    const { pageCount, rows } = pageOf(listed, page, pageSize, variant.duplicateAcrossPages);
    if (!Number.isInteger(page) || page < 1 || page > pageCount) {
      return respond(404, { 'content-type': 'text/plain; charset=utf-8' }, `page ${page} introuvable`);
    }
    if (target === 'document') {
      return respond(200, { 'content-type': 'text/html; charset=utf-8' }, shell(page, variant));
    }
    const body = JSON.stringify({ page, pageCount, events: rows, noEvents: variant.listing === 'no-events' });
    return respond(200, { 'content-type': 'application/json; charset=utf-8' }, body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pageUrl: `${url}${PAGE_PATH}`,
    injectFaults: (...f) => faults.push(...f),
    setVariant: (v) => {
      variant = { ...variant, ...v };
    },
    setEvents: (e) => {
      events = e;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
