import type { StandIn } from '../sources/descriptor';
import type { OdreConfig } from './odre-config';

/** One stand-in serves both eCO2mix feeds, as ODRE does; start-up starts it once. */
export const odreStandIn: StandIn<OdreConfig> = {
  description: 'recorded ODRE payloads (eCO2mix regional and national, fixtures/eco2mix)',
  async start(_platform, rte) {
    const { startOdreReplayServer } = await import('../../replay/odre-replay-server');
    const server = await startOdreReplayServer({ port: rte.replayPort });
    return { url: server.baseUrl, close: () => server.close() };
  },
};
