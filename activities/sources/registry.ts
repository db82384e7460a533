import { dayAheadPrices } from './day-ahead-prices';
import { era5 } from './era5';
import { maintenance } from './maintenance';
import { referenceData } from './reference-data';
import { rteNational } from './rte-national';
import { rteRegional } from './rte-regional';

/**
 * Every source the platform runs, one line each. Configuration, activity registration, start-up
 * (stand-ins, schedules) and the temporal.yaml check iterate over this list.
 */
export const SOURCES = [rteRegional, rteNational, referenceData, maintenance, era5, dayAheadPrices] as const;

export type RegisteredSource = (typeof SOURCES)[number];
export type SourceId = RegisteredSource['id'];
