import { CITY_IDS, type CityId } from '../content/common';

/** The time zone advisers of each city work in: opening hours are read on that city's clock. */
export const CITY_TIME_ZONES: Readonly<Record<CityId, string>> = {
  birmingham: 'Europe/London',
  lisbon: 'Europe/Lisbon',
  milan: 'Europe/Rome',
  helsinki: 'Europe/Helsinki',
};

export { CITY_IDS, type CityId };

export function isCityId(value: unknown): value is CityId {
  return typeof value === 'string' && (CITY_IDS as readonly string[]).includes(value);
}
